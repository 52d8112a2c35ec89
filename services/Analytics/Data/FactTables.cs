namespace AeThexLive.Analytics.Data;

// The raw facts, one table per kind, each keyed by what makes the fact itself unique (never by
// the message that carried it), so a replayed or re-sent event is one more ON CONFLICT DO NOTHING.
// Rows are written by Ingest/FactWriter.cs in bulk SQL; these types only shape the schema.

/// <summary>StreamStarted: when a broadcast went live.</summary>
internal sealed class StreamStartFact
{
    public Guid StreamId { get; init; }
    public Guid ChannelId { get; init; }
    public DateTime StartedAt { get; init; }
}

/// <summary>StreamEnded: when it ended, and the audience Streaming counted for it.</summary>
internal sealed class StreamEndFact
{
    public Guid StreamId { get; init; }
    public Guid ChannelId { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime EndedAt { get; init; }
    public int PeakViewers { get; init; }
    public int UniqueViewers { get; init; }
}

/// <summary>ViewerCountSampled, keyed by stream and sample time.</summary>
internal sealed class ViewerSampleFact
{
    public Guid StreamId { get; init; }
    public DateTime SampledAt { get; init; }
    public Guid ChannelId { get; init; }
    public int Viewers { get; init; }
}

/// <summary>ViewerSessionEnded, keyed by (stream, viewer, startedAt): one viewer's continuous watching.</summary>
internal sealed class ViewerSessionFact
{
    public Guid StreamId { get; init; }
    public string ViewerId { get; init; } = "";
    public DateTime StartedAt { get; init; }
    public Guid ChannelId { get; init; }
    public Guid? UserId { get; init; }
    public DateTime EndedAt { get; init; }
}

/// <summary>ChatMessagePosted, keyed by the message's id.</summary>
internal sealed class ChatMessageFact
{
    public Guid MessageId { get; init; }
    public Guid StreamId { get; init; }
    public Guid ChannelId { get; init; }
    public Guid UserId { get; init; }
    public DateTime PostedAt { get; init; }
}

/// <summary>ChannelFollowed, keyed by (channel, user, followedAt): a follow, an unfollow and a new follow are two follows.</summary>
internal sealed class FollowFact
{
    public Guid ChannelId { get; init; }
    public Guid UserId { get; init; }
    public DateTime FollowedAt { get; init; }
}

/// <summary>ChannelUnfollowed, keyed by (channel, user, unfollowedAt).</summary>
internal sealed class UnfollowFact
{
    public Guid ChannelId { get; init; }
    public Guid UserId { get; init; }
    public DateTime UnfollowedAt { get; init; }
}

/// <summary>SubscriptionStarted, keyed by the subscription's id.</summary>
internal sealed class SubscriptionFact
{
    public Guid SubscriptionId { get; init; }
    public Guid ChannelId { get; init; }
    public Guid UserId { get; init; }
    public string Tier { get; init; } = "";
    public DateTime StartedAt { get; init; }
}

/// <summary>GiftSent, keyed by the gift's id; one gift is Count subscriptions.</summary>
internal sealed class GiftFact
{
    public Guid GiftId { get; init; }
    public Guid ChannelId { get; init; }
    public Guid SenderId { get; init; }
    public string Tier { get; init; } = "";
    public int Count { get; init; }
    public DateTime SentAt { get; init; }
}

/// <summary>DonationCompleted, keyed by the donation's id.</summary>
internal sealed class DonationFact
{
    public Guid DonationId { get; init; }
    public Guid ChannelId { get; init; }
    public Guid? DonorId { get; init; }
    public long AmountCents { get; init; }
    public string Currency { get; init; } = "";
    public DateTime CompletedAt { get; init; }
}
