using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommunityGifts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "gift_recipients",
                columns: table => new
                {
                    gift_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    username = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_gift_recipients", x => new { x.gift_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_gift_recipients_gifts_gift_id",
                        column: x => x.gift_id,
                        principalTable: "gifts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_gift_recipients_gift_position",
                table: "gift_recipients",
                columns: new[] { "gift_id", "position" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "gift_recipients");
        }
    }
}
