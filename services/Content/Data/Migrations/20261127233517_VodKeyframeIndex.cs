using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Content.Data.Migrations
{
    /// <inheritdoc />
    public partial class VodKeyframeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "vod_keyframes",
                columns: table => new
                {
                    vod_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seconds = table.Column<double[]>(type: "double precision[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vod_keyframes", x => x.vod_id);
                    table.ForeignKey(
                        name: "fk_vod_keyframes_vods_vod_id",
                        column: x => x.vod_id,
                        principalTable: "vods",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "vod_keyframes");
        }
    }
}
