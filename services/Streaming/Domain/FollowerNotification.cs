namespace AeThexLive.Streaming.Domain;

public static class NotificationKinds
{
    public const string GoLive = "go_live";
}

/// <summary>
/// An entry in a user's in-app notifications: a channel they follow went live. At most one per user and
/// broadcast (a unique key, not a convention), so a retried or repeated fan-out cannot notify anyone twice.
/// </summary>
public sealed class FollowerNotification
{
    private FollowerNotification() { }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Kind { get; private set; } = NotificationKinds.GoLive;
    public Guid ChannelId { get; private set; }
    public string ChannelSlug { get; private set; } = "";
    public string ChannelName { get; private set; } = "";
    public Guid StreamId { get; private set; }
    public string Title { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    /// <summary>When the user marked it (and everything before it) read; null while unread.</summary>
    public DateTime? ReadAt { get; private set; }
}
