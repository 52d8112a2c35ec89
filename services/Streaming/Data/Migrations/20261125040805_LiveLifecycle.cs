using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Streaming.Data.Migrations
{
    /// <inheritdoc />
    public partial class LiveLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "disconnected_at",
                table: "streams",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ingest_client_id",
                table: "streams",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ingest_key_hash",
                table: "streams",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "peak_viewers",
                table: "streams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "unique_viewers",
                table: "streams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "encrypted_key",
                table: "stream_keys",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<DateTime>(
                name: "suspended_at",
                table: "channels",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "stream_recordings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    recorded_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_recordings", x => x.id);
                    table.ForeignKey(
                        name: "fk_stream_recordings_streams_stream_id",
                        column: x => x.stream_id,
                        principalTable: "streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ux_streams_one_live_per_channel",
                table: "streams",
                column: "channel_id",
                unique: true,
                filter: "status = 'live'");

            migrationBuilder.CreateIndex(
                name: "ix_stream_recordings_stream_id_path",
                table: "stream_recordings",
                columns: new[] { "stream_id", "path" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stream_recordings");

            migrationBuilder.DropIndex(
                name: "ux_streams_one_live_per_channel",
                table: "streams");

            migrationBuilder.DropColumn(
                name: "disconnected_at",
                table: "streams");

            migrationBuilder.DropColumn(
                name: "ingest_client_id",
                table: "streams");

            migrationBuilder.DropColumn(
                name: "ingest_key_hash",
                table: "streams");

            migrationBuilder.DropColumn(
                name: "peak_viewers",
                table: "streams");

            migrationBuilder.DropColumn(
                name: "unique_viewers",
                table: "streams");

            migrationBuilder.DropColumn(
                name: "encrypted_key",
                table: "stream_keys");

            migrationBuilder.DropColumn(
                name: "suspended_at",
                table: "channels");
        }
    }
}
