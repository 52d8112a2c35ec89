using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AeThexLive.Analytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class FactsAndRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "channel_id",
                table: "stream_analytics",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "donations",
                table: "stream_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "gifted_subscriptions",
                table: "stream_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "gifts",
                table: "stream_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "streamed_seconds",
                table: "stream_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "unfollows",
                table: "stream_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "unique_chatters",
                table: "stream_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "unique_viewers",
                table: "stream_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "stream_analytics",
                type: "timestamp without time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<long>(
                name: "watch_seconds",
                table: "stream_analytics",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "average_viewers",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "broadcasts",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "chat_messages",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "donations",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "gifted_subscriptions",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "gifts",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "peak_viewers",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "streamed_seconds",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "unfollows",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "unique_chatters",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "unique_viewers",
                table: "channel_analytics",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "channel_analytics",
                type: "timestamp without time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<long>(
                name: "watch_seconds",
                table: "channel_analytics",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "channel_replicas",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_replicas", x => x.channel_id);
                });

            migrationBuilder.CreateTable(
                name: "dirty_channel_days",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dirty_channel_days", x => new { x.channel_id, x.day });
                });

            migrationBuilder.CreateTable(
                name: "dirty_stream_hours",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hour = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dirty_stream_hours", x => new { x.stream_id, x.hour });
                });

            migrationBuilder.CreateTable(
                name: "dirty_streams",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dirty_streams", x => x.stream_id);
                });

            migrationBuilder.CreateTable(
                name: "fact_chat_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    posted_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_chat_messages", x => x.message_id);
                });

            migrationBuilder.CreateTable(
                name: "fact_donations",
                columns: table => new
                {
                    donation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    donor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    amount_cents = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    completed_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_donations", x => x.donation_id);
                });

            migrationBuilder.CreateTable(
                name: "fact_follows",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    followed_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_follows", x => new { x.channel_id, x.user_id, x.followed_at });
                });

            migrationBuilder.CreateTable(
                name: "fact_gifts",
                columns: table => new
                {
                    gift_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sender_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    sent_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_gifts", x => x.gift_id);
                });

            migrationBuilder.CreateTable(
                name: "fact_stream_ends",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    peak_viewers = table.Column<int>(type: "integer", nullable: false),
                    unique_viewers = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_stream_ends", x => x.stream_id);
                });

            migrationBuilder.CreateTable(
                name: "fact_stream_starts",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_stream_starts", x => x.stream_id);
                });

            migrationBuilder.CreateTable(
                name: "fact_subscriptions",
                columns: table => new
                {
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_subscriptions", x => x.subscription_id);
                });

            migrationBuilder.CreateTable(
                name: "fact_unfollows",
                columns: table => new
                {
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unfollowed_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_unfollows", x => new { x.channel_id, x.user_id, x.unfollowed_at });
                });

            migrationBuilder.CreateTable(
                name: "fact_viewer_samples",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sampled_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    viewers = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_viewer_samples", x => new { x.stream_id, x.sampled_at });
                });

            migrationBuilder.CreateTable(
                name: "fact_viewer_sessions",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    viewer_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ended_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_viewer_sessions", x => new { x.stream_id, x.viewer_id, x.started_at });
                });

            migrationBuilder.CreateTable(
                name: "stream_spans",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    ended_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    reported_peak = table.Column<int>(type: "integer", nullable: true),
                    first_seen_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_spans", x => x.stream_id);
                });

            migrationBuilder.CreateTable(
                name: "stream_totals",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    last_seen_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    streamed_seconds = table.Column<int>(type: "integer", nullable: false),
                    watch_seconds = table.Column<long>(type: "bigint", nullable: false),
                    average_viewers = table.Column<int>(type: "integer", nullable: false),
                    peak_viewers = table.Column<int>(type: "integer", nullable: false),
                    unique_viewers = table.Column<int>(type: "integer", nullable: false),
                    avg_watch_time_seconds = table.Column<int>(type: "integer", nullable: false),
                    chat_messages = table.Column<int>(type: "integer", nullable: false),
                    unique_chatters = table.Column<int>(type: "integer", nullable: false),
                    new_followers = table.Column<int>(type: "integer", nullable: false),
                    unfollows = table.Column<int>(type: "integer", nullable: false),
                    subscriptions = table.Column<int>(type: "integer", nullable: false),
                    gifted_subscriptions = table.Column<int>(type: "integer", nullable: false),
                    gifts = table.Column<int>(type: "integer", nullable: false),
                    donations = table.Column<int>(type: "integer", nullable: false),
                    donations_cents = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_totals", x => x.stream_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stream_analytics_channel_id_hour_timestamp",
                table: "stream_analytics",
                columns: new[] { "channel_id", "hour_timestamp" });

            migrationBuilder.CreateIndex(
                name: "ix_channel_replicas_slug",
                table: "channel_replicas",
                column: "slug");

            migrationBuilder.CreateIndex(
                name: "ix_fact_chat_messages_channel_id_posted_at",
                table: "fact_chat_messages",
                columns: new[] { "channel_id", "posted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_chat_messages_stream_id_posted_at",
                table: "fact_chat_messages",
                columns: new[] { "stream_id", "posted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_donations_channel_id_completed_at",
                table: "fact_donations",
                columns: new[] { "channel_id", "completed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_follows_channel_id_followed_at",
                table: "fact_follows",
                columns: new[] { "channel_id", "followed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_gifts_channel_id_sent_at",
                table: "fact_gifts",
                columns: new[] { "channel_id", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_subscriptions_channel_id_started_at",
                table: "fact_subscriptions",
                columns: new[] { "channel_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_unfollows_channel_id_unfollowed_at",
                table: "fact_unfollows",
                columns: new[] { "channel_id", "unfollowed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_viewer_samples_channel_id_sampled_at",
                table: "fact_viewer_samples",
                columns: new[] { "channel_id", "sampled_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_viewer_sessions_channel_id_ended_at",
                table: "fact_viewer_sessions",
                columns: new[] { "channel_id", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_fact_viewer_sessions_stream_id_ended_at",
                table: "fact_viewer_sessions",
                columns: new[] { "stream_id", "ended_at" });

            migrationBuilder.CreateIndex(
                name: "ix_stream_spans_channel_id",
                table: "stream_spans",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_stream_totals_channel_id_started_at",
                table: "stream_totals",
                columns: new[] { "channel_id", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_replicas");

            migrationBuilder.DropTable(
                name: "dirty_channel_days");

            migrationBuilder.DropTable(
                name: "dirty_stream_hours");

            migrationBuilder.DropTable(
                name: "dirty_streams");

            migrationBuilder.DropTable(
                name: "fact_chat_messages");

            migrationBuilder.DropTable(
                name: "fact_donations");

            migrationBuilder.DropTable(
                name: "fact_follows");

            migrationBuilder.DropTable(
                name: "fact_gifts");

            migrationBuilder.DropTable(
                name: "fact_stream_ends");

            migrationBuilder.DropTable(
                name: "fact_stream_starts");

            migrationBuilder.DropTable(
                name: "fact_subscriptions");

            migrationBuilder.DropTable(
                name: "fact_unfollows");

            migrationBuilder.DropTable(
                name: "fact_viewer_samples");

            migrationBuilder.DropTable(
                name: "fact_viewer_sessions");

            migrationBuilder.DropTable(
                name: "stream_spans");

            migrationBuilder.DropTable(
                name: "stream_totals");

            migrationBuilder.DropIndex(
                name: "ix_stream_analytics_channel_id_hour_timestamp",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "channel_id",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "donations",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "gifted_subscriptions",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "gifts",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "streamed_seconds",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "unfollows",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "unique_chatters",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "unique_viewers",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "watch_seconds",
                table: "stream_analytics");

            migrationBuilder.DropColumn(
                name: "average_viewers",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "broadcasts",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "chat_messages",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "donations",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "gifted_subscriptions",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "gifts",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "peak_viewers",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "streamed_seconds",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "unfollows",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "unique_chatters",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "unique_viewers",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "channel_analytics");

            migrationBuilder.DropColumn(
                name: "watch_seconds",
                table: "channel_analytics");
        }
    }
}
