using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Content.Data.Migrations
{
    /// <inheritdoc />
    public partial class VodJobsClipsAndMedia : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_clip_likes_clips_clip_id",
                table: "clip_likes");

            migrationBuilder.DropForeignKey(
                name: "fk_clips_vods_vod_id",
                table: "clips");

            migrationBuilder.AlterColumn<Guid>(
                name: "channel_id",
                table: "vods",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "channel_slug",
                table: "vods",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "failure_reason",
                table: "vods",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "media_key",
                table: "vods",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "owner_id",
                table: "vods",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<DateTime>(
                name: "ready_at",
                table: "vods",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "recording_paths",
                table: "vods",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "storyboard",
                table: "vods",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "channel_slug",
                table: "clips",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "failure_reason",
                table: "clips",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_live",
                table: "clips",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "media_key",
                table: "clips",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "clips",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "processing");

            migrationBuilder.CreateTable(
                name: "media_deletions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    due_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media_deletions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "media_views",
                columns: table => new
                {
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    viewer_key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media_views", x => new { x.subject_id, x.viewer_key, x.day });
                });

            migrationBuilder.CreateTable(
                name: "processing_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: true),
                    leased_until = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    run_after = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    finished_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    output_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_processing_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_replicas",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    username = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    display_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_replicas", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "idx_vods_created_at",
                table: "vods",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_clips_channel_recent",
                table: "clips",
                columns: new[] { "channel_id", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "idx_media_deletions_due_at",
                table: "media_deletions",
                column: "due_at");

            migrationBuilder.CreateIndex(
                name: "idx_media_views_day",
                table: "media_views",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "idx_processing_jobs_pending",
                table: "processing_jobs",
                columns: new[] { "kind", "run_after" },
                filter: "finished_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_user_replicas_username",
                table: "user_replicas",
                column: "username");

            migrationBuilder.AddForeignKey(
                name: "fk_clip_likes_clips_clip_id",
                table: "clip_likes",
                column: "clip_id",
                principalTable: "clips",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_clips_vods_vod_id",
                table: "clips",
                column: "vod_id",
                principalTable: "vods",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_clip_likes_clips_clip_id",
                table: "clip_likes");

            migrationBuilder.DropForeignKey(
                name: "fk_clips_vods_vod_id",
                table: "clips");

            migrationBuilder.DropTable(
                name: "media_deletions");

            migrationBuilder.DropTable(
                name: "media_views");

            migrationBuilder.DropTable(
                name: "processing_jobs");

            migrationBuilder.DropTable(
                name: "user_replicas");

            migrationBuilder.DropIndex(
                name: "idx_vods_created_at",
                table: "vods");

            migrationBuilder.DropIndex(
                name: "idx_clips_channel_recent",
                table: "clips");

            migrationBuilder.DropColumn(
                name: "channel_slug",
                table: "vods");

            migrationBuilder.DropColumn(
                name: "failure_reason",
                table: "vods");

            migrationBuilder.DropColumn(
                name: "media_key",
                table: "vods");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "vods");

            migrationBuilder.DropColumn(
                name: "ready_at",
                table: "vods");

            migrationBuilder.DropColumn(
                name: "recording_paths",
                table: "vods");

            migrationBuilder.DropColumn(
                name: "storyboard",
                table: "vods");

            migrationBuilder.DropColumn(
                name: "channel_slug",
                table: "clips");

            migrationBuilder.DropColumn(
                name: "failure_reason",
                table: "clips");

            migrationBuilder.DropColumn(
                name: "is_live",
                table: "clips");

            migrationBuilder.DropColumn(
                name: "media_key",
                table: "clips");

            migrationBuilder.DropColumn(
                name: "status",
                table: "clips");

            migrationBuilder.AlterColumn<Guid>(
                name: "channel_id",
                table: "vods",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddForeignKey(
                name: "fk_clip_likes_clips_clip_id",
                table: "clip_likes",
                column: "clip_id",
                principalTable: "clips",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_clips_vods_vod_id",
                table: "clips",
                column: "vod_id",
                principalTable: "vods",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
