using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Streaming.Data.Migrations
{
    /// <inheritdoc />
    public partial class IngestSeenAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ingest_seen_at",
                table: "streams",
                type: "timestamp without time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ingest_seen_at",
                table: "streams");
        }
    }
}
