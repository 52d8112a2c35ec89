namespace AeThexLive.TestSupport;

/// <summary>Which tables each service's database holds: its slice of schema.sql plus its own extras (ARCHITECTURE.md).</summary>
public static class SliceTables
{
    private static readonly string[] Messaging = ["outbox_messages", "processed_messages"];

    public static readonly IReadOnlyDictionary<string, string[]> ByDatabase = new Dictionary<string, string[]>
    {
        ["identitydb"] = [.. Messaging, "users", "user_settings", "user_follows_user", "user_credentials", "user_roles", "refresh_tokens", "signing_keys"],
        ["streamingdb"] = [.. Messaging, "channels", "streams", "stream_tags", "followers", "stream_keys", "user_replicas", "stream_recordings"],
        ["chatdb"] = [.. Messaging, "chat_messages", "chat_bans", "moderation_queue", "polls", "poll_options", "poll_votes", "chat_reactions", "channel_moderators", "user_replicas", "stream_replicas", "channel_replicas", "chat_settings", "channel_follower_replicas"],
        ["paymentsdb"] = [.. Messaging, "subscriptions", "donations", "gifts", "payouts", "ledger_entries", "processed_webhook_events", "user_replicas"],
        ["contentdb"] = [.. Messaging, "vods", "clips", "clip_likes"],
        ["competitiondb"] = [.. Messaging, "tournaments", "tournament_participants", "leaderboards", "leaderboard_entries", "user_replicas"],
        ["analyticsdb"] = [.. Messaging, "stream_analytics", "channel_analytics"],
    };

    public static SortedSet<string> Of(string database) => new(ByDatabase[database], StringComparer.Ordinal);
}
