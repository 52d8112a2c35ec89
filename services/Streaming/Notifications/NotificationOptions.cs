namespace AeThexLive.Streaming.Notifications;

/// <summary>Settings under "Notifications".</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Followers notified per transaction (and per event to Chat and Identity).</summary>
    public int BatchSize { get; set; } = 1000;
    /// <summary>How often the notifier looks for unfinished fan-outs when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
