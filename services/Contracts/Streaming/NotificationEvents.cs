namespace AeThexLive.Contracts.Streaming;

/// <summary>One follower's in-app notice of a broadcast: who, and the notification's id in their list.</summary>
public sealed record FollowerNotice(Guid UserId, Guid NotificationId);

/// <summary>
/// One batch of a broadcast's fan-out: these followers now have an in-app notification of it
/// (each batch is announced once; a follower is in at most one batch of a broadcast).
/// </summary>
public sealed record FollowersNotified(
    Guid StreamId, Guid ChannelId, string ChannelSlug, string ChannelName, string Title, DateTime StartedAt, DateTime NotifiedAt,
    IReadOnlyList<FollowerNotice> Followers);

/// <summary>A follower with the channel's bell on, and the signed token of the one-click link that turns it off.</summary>
public sealed record GoLiveRecipient(Guid UserId, string UnsubscribeToken);

/// <summary>
/// One batch of a broadcast's followers who asked for its go-live email (the bell on). The mailer decides
/// who actually gets one (an email address, verified, email notifications on) and sends each at most once.
/// </summary>
public sealed record GoLiveEmailsDue(
    Guid StreamId, Guid ChannelId, string ChannelSlug, string ChannelName, string Title, DateTime StartedAt,
    IReadOnlyList<GoLiveRecipient> Recipients);
