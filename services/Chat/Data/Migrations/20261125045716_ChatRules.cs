using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChatRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_held",
                table: "chat_messages",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "channel_follower_replicas",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    followed_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_follower_replicas", x => new { x.channel_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "chat_settings",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    slow_mode_seconds = table.Column<int>(type: "integer", nullable: false),
                    followers_only_minutes = table.Column<int>(type: "integer", nullable: true),
                    emote_only = table.Column<bool>(type: "boolean", nullable: false),
                    blocked_terms = table.Column<string[]>(type: "text[]", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_settings", x => x.channel_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_follower_replicas");

            migrationBuilder.DropTable(
                name: "chat_settings");

            migrationBuilder.DropColumn(
                name: "is_held",
                table: "chat_messages");
        }
    }
}
