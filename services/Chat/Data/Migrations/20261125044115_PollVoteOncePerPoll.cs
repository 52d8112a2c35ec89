using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class PollVoteOncePerPoll : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "poll_id",
                table: "poll_votes",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateIndex(
                name: "ux_poll_votes_one_per_user",
                table: "poll_votes",
                columns: new[] { "poll_id", "user_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_poll_votes_one_per_user",
                table: "poll_votes");

            migrationBuilder.DropColumn(
                name: "poll_id",
                table: "poll_votes");
        }
    }
}
