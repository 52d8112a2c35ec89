using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Competition.Data.Migrations
{
    /// <inheritdoc />
    public partial class Competition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_tournament_participants_tournaments_tournament_id",
                table: "tournament_participants");

            migrationBuilder.DropPrimaryKey(
                name: "pk_leaderboard_entries",
                table: "leaderboard_entries");

            migrationBuilder.DropIndex(
                name: "idx_leaderboard_entries_leaderboard_id_score",
                table: "leaderboard_entries");

            migrationBuilder.AddColumn<string>(
                name: "format",
                table: "tournaments",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "leaderboard_id",
                table: "tournaments",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "registration_opens_at",
                table: "tournaments",
                type: "timestamp without time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "seeding",
                table: "tournaments",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "starts_at",
                table: "tournaments",
                type: "timestamp without time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<bool>(
                name: "third_place_match",
                table: "tournaments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "withdrawn_at",
                table: "tournament_participants",
                type: "timestamp without time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "channel_id",
                table: "leaderboards",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "created_at",
                table: "leaderboards",
                type: "timestamp without time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "leaderboards",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "owner_id",
                table: "leaderboards",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "score_mode",
                table: "leaderboards",
                type: "character varying(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "period_start",
                table: "leaderboard_entries",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddPrimaryKey(
                name: "pk_leaderboard_entries",
                table: "leaderboard_entries",
                columns: new[] { "leaderboard_id", "period_start", "user_id" });

            migrationBuilder.CreateTable(
                name: "channel_replicas",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    is_live = table.Column<bool>(type: "boolean", nullable: false),
                    live_changed_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_replicas", x => x.channel_id);
                });

            migrationBuilder.CreateTable(
                name: "leaderboard_archive_entries",
                columns: table => new
                {
                    leaderboard_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    score = table.Column<long>(type: "bigint", nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaderboard_archive_entries", x => new { x.leaderboard_id, x.period_start, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "leaderboard_periods",
                columns: table => new
                {
                    leaderboard_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: true),
                    archived_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    entry_count = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaderboard_periods", x => new { x.leaderboard_id, x.period_start });
                    table.ForeignKey(
                        name: "fk_leaderboard_periods_leaderboards_leaderboard_id",
                        column: x => x.leaderboard_id,
                        principalTable: "leaderboards",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "leaderboard_submissions",
                columns: table => new
                {
                    leaderboard_id = table.Column<Guid>(type: "uuid", nullable: false),
                    submission_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    score = table.Column<long>(type: "bigint", nullable: false),
                    submitted_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leaderboard_submissions", x => new { x.leaderboard_id, x.submission_id });
                });

            migrationBuilder.CreateTable(
                name: "tournament_matches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    tournament_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    bracket = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    round = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    stage = table.Column<int>(type: "integer", nullable: false),
                    side1id = table.Column<Guid>(type: "uuid", nullable: true),
                    side1bye = table.Column<bool>(type: "boolean", nullable: false),
                    side2id = table.Column<Guid>(type: "uuid", nullable: true),
                    side2bye = table.Column<bool>(type: "boolean", nullable: false),
                    winner_to = table.Column<int>(type: "integer", nullable: true),
                    winner_to_slot = table.Column<int>(type: "integer", nullable: true),
                    loser_to = table.Column<int>(type: "integer", nullable: true),
                    loser_to_slot = table.Column<int>(type: "integer", nullable: true),
                    status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    winner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    score1 = table.Column<int>(type: "integer", nullable: true),
                    score2 = table.Column<int>(type: "integer", nullable: true),
                    forfeit = table.Column<bool>(type: "boolean", nullable: false),
                    completed_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tournament_matches", x => x.id);
                    table.ForeignKey(
                        name: "fk_tournament_matches_tournaments_tournament_id",
                        column: x => x.tournament_id,
                        principalTable: "tournaments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "idx_tournaments_draft_opens_at",
                table: "tournaments",
                column: "registration_opens_at",
                filter: "status = 'draft'");

            migrationBuilder.CreateIndex(
                name: "idx_tournaments_status_created_at",
                table: "tournaments",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "tournament_participants_tournament_id_channel_id_key",
                table: "tournament_participants",
                columns: new[] { "tournament_id", "channel_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_leaderboards_channel_id_created_at",
                table: "leaderboards",
                columns: new[] { "channel_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_leaderboard_entries_board_period_updated_at",
                table: "leaderboard_entries",
                columns: new[] { "leaderboard_id", "period_start", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "idx_channel_replicas_slug",
                table: "channel_replicas",
                column: "slug");

            migrationBuilder.CreateIndex(
                name: "idx_leaderboard_archive_entries_rank",
                table: "leaderboard_archive_entries",
                columns: new[] { "leaderboard_id", "period_start", "rank" });

            migrationBuilder.CreateIndex(
                name: "idx_leaderboard_periods_open_end",
                table: "leaderboard_periods",
                column: "period_end",
                filter: "archived_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "idx_leaderboard_submissions_submitted_at",
                table: "leaderboard_submissions",
                column: "submitted_at");

            migrationBuilder.CreateIndex(
                name: "tournament_matches_tournament_id_number_key",
                table: "tournament_matches",
                columns: new[] { "tournament_id", "number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_tournament_participants_tournaments_tournament_id",
                table: "tournament_participants",
                column: "tournament_id",
                principalTable: "tournaments",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_tournament_participants_tournaments_tournament_id",
                table: "tournament_participants");

            migrationBuilder.DropTable(
                name: "channel_replicas");

            migrationBuilder.DropTable(
                name: "leaderboard_archive_entries");

            migrationBuilder.DropTable(
                name: "leaderboard_periods");

            migrationBuilder.DropTable(
                name: "leaderboard_submissions");

            migrationBuilder.DropTable(
                name: "tournament_matches");

            migrationBuilder.DropIndex(
                name: "idx_tournaments_draft_opens_at",
                table: "tournaments");

            migrationBuilder.DropIndex(
                name: "idx_tournaments_status_created_at",
                table: "tournaments");

            migrationBuilder.DropIndex(
                name: "tournament_participants_tournament_id_channel_id_key",
                table: "tournament_participants");

            migrationBuilder.DropIndex(
                name: "idx_leaderboards_channel_id_created_at",
                table: "leaderboards");

            migrationBuilder.DropPrimaryKey(
                name: "pk_leaderboard_entries",
                table: "leaderboard_entries");

            migrationBuilder.DropIndex(
                name: "idx_leaderboard_entries_board_period_updated_at",
                table: "leaderboard_entries");

            migrationBuilder.DropColumn(
                name: "format",
                table: "tournaments");

            migrationBuilder.DropColumn(
                name: "leaderboard_id",
                table: "tournaments");

            migrationBuilder.DropColumn(
                name: "registration_opens_at",
                table: "tournaments");

            migrationBuilder.DropColumn(
                name: "seeding",
                table: "tournaments");

            migrationBuilder.DropColumn(
                name: "starts_at",
                table: "tournaments");

            migrationBuilder.DropColumn(
                name: "third_place_match",
                table: "tournaments");

            migrationBuilder.DropColumn(
                name: "withdrawn_at",
                table: "tournament_participants");

            migrationBuilder.DropColumn(
                name: "channel_id",
                table: "leaderboards");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "leaderboards");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "leaderboards");

            migrationBuilder.DropColumn(
                name: "owner_id",
                table: "leaderboards");

            migrationBuilder.DropColumn(
                name: "score_mode",
                table: "leaderboards");

            migrationBuilder.DropColumn(
                name: "period_start",
                table: "leaderboard_entries");

            migrationBuilder.AddPrimaryKey(
                name: "pk_leaderboard_entries",
                table: "leaderboard_entries",
                columns: new[] { "leaderboard_id", "user_id" });

            migrationBuilder.CreateIndex(
                name: "idx_leaderboard_entries_leaderboard_id_score",
                table: "leaderboard_entries",
                columns: new[] { "leaderboard_id", "score" },
                descending: new[] { false, true });

            migrationBuilder.AddForeignKey(
                name: "fk_tournament_participants_tournaments_tournament_id",
                table: "tournament_participants",
                column: "tournament_id",
                principalTable: "tournaments",
                principalColumn: "id");
        }
    }
}
