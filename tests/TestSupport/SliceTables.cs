using AeThexLive.ServiceDefaults;
using static AeThexLive.ServiceDefaults.PlatformServices;

namespace AeThexLive.TestSupport;

/// <summary>Which tables each service's database holds: its slice of schema.sql plus its own extras (ARCHITECTURE.md).</summary>
public static class SliceTables
{
    private static readonly string[] Messaging = ["outbox_messages", "processed_messages"];

    /// <summary>The shared copy of users (services/Messaging/Users), in every service that keeps users.</summary>
    public const string UserReplicas = "user_replicas";

    public static readonly IReadOnlyDictionary<PlatformService, string[]> ByService = new Dictionary<PlatformService, string[]>
    {
        [Identity] = [.. Messaging, "users", "user_settings", "user_follows_user", "user_credentials", "user_roles", "refresh_tokens", "signing_keys",
            "sign_in_address_locks", "known_sign_in_addresses", "email_tokens", "mail_outbox", "undeliverable_addresses", "go_live_emails"],
        [Streaming] = [.. Messaging, UserReplicas, "channels", "streams", "stream_tags", "followers", "stream_keys", "stream_recordings",
            "notifications", "go_live_fanouts"],
        [Chat] = [.. Messaging, UserReplicas, "chat_messages", "chat_bans", "moderation_queue", "polls", "poll_options", "poll_votes", "chat_reactions",
            "channel_moderators", "stream_replicas", "channel_replicas", "chat_settings", "channel_follower_replicas",
            "subscriber_replicas"],
        [Payments] = [.. Messaging, UserReplicas, "subscriptions", "donations", "gifts", "payouts", "ledger_transactions", "ledger_entries",
            "channel_balances", "revenue_shares", "processed_webhook_events", "channel_replicas", "stream_replicas", "channel_bans", "payment_customers",
            "payout_accounts", "gift_recipients"],
        [Content] = [.. Messaging, UserReplicas, "vods", "vod_keyframes", "clips", "clip_likes", "processing_jobs", "media_deletions", "media_views"],
        [Competition] = [.. Messaging, UserReplicas, "tournaments", "tournament_participants", "leaderboards", "leaderboard_entries",
            "tournament_matches", "leaderboard_periods", "leaderboard_archive_entries", "leaderboard_submissions", "channel_replicas"],
        [Analytics] = [.. Messaging, "stream_analytics", "channel_analytics", "stream_totals", "stream_spans", "channel_replicas",
            "dirty_stream_hours", "dirty_streams", "dirty_channel_days", "fact_stream_starts", "fact_stream_ends", "fact_viewer_samples",
            "fact_viewer_sessions", "fact_chat_messages", "fact_follows", "fact_unfollows", "fact_subscriptions", "fact_gifts", "fact_donations"],
    };

    /// <summary>The services whose database keeps a copy of users.</summary>
    public static IEnumerable<PlatformService> KeepingUsers => ByService.Where(s => s.Value.Contains(UserReplicas)).Select(s => s.Key);

    public static SortedSet<string> Of(string database) =>
        new(ByService.Single(s => s.Key.Database == database).Value, StringComparer.Ordinal);
}
