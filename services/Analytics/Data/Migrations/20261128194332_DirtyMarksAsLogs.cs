using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Analytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class DirtyMarksAsLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_dirty_streams",
                table: "dirty_streams");

            migrationBuilder.DropPrimaryKey(
                name: "pk_dirty_stream_hours",
                table: "dirty_stream_hours");

            migrationBuilder.DropPrimaryKey(
                name: "pk_dirty_channel_days",
                table: "dirty_channel_days");

            // Existing marks get ids in any order; an identity column takes no default, so this is SQL.
            foreach (var table in new[] { "dirty_streams", "dirty_stream_hours", "dirty_channel_days" })
            {
                migrationBuilder.Sql($"ALTER TABLE {table} ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY");
            }

            migrationBuilder.AddPrimaryKey(
                name: "pk_dirty_streams",
                table: "dirty_streams",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_dirty_stream_hours",
                table: "dirty_stream_hours",
                column: "id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_dirty_channel_days",
                table: "dirty_channel_days",
                column: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_dirty_streams",
                table: "dirty_streams");

            migrationBuilder.DropPrimaryKey(
                name: "pk_dirty_stream_hours",
                table: "dirty_stream_hours");

            migrationBuilder.DropPrimaryKey(
                name: "pk_dirty_channel_days",
                table: "dirty_channel_days");

            // A log may hold a bucket more than once; the old keys allow it once.
            migrationBuilder.Sql("DELETE FROM dirty_streams a USING dirty_streams b WHERE a.stream_id = b.stream_id AND a.id > b.id");
            migrationBuilder.Sql("DELETE FROM dirty_stream_hours a USING dirty_stream_hours b WHERE (a.stream_id, a.hour) = (b.stream_id, b.hour) AND a.id > b.id");
            migrationBuilder.Sql("DELETE FROM dirty_channel_days a USING dirty_channel_days b WHERE (a.channel_id, a.day) = (b.channel_id, b.day) AND a.id > b.id");

            migrationBuilder.DropColumn(
                name: "id",
                table: "dirty_streams");

            migrationBuilder.DropColumn(
                name: "id",
                table: "dirty_stream_hours");

            migrationBuilder.DropColumn(
                name: "id",
                table: "dirty_channel_days");

            migrationBuilder.AddPrimaryKey(
                name: "pk_dirty_streams",
                table: "dirty_streams",
                column: "stream_id");

            migrationBuilder.AddPrimaryKey(
                name: "pk_dirty_stream_hours",
                table: "dirty_stream_hours",
                columns: new[] { "stream_id", "hour" });

            migrationBuilder.AddPrimaryKey(
                name: "pk_dirty_channel_days",
                table: "dirty_channel_days",
                columns: new[] { "channel_id", "day" });
        }
    }
}
