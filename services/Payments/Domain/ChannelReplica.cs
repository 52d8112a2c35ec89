namespace AeThexLive.Payments.Domain;

/// <summary>
/// Payments' copy of a channel (from ChannelCreated/ChannelUpdated): its slug and owner, so taking a donation or
/// showing revenue never waits on Streaming. Written only by <see cref="Data.ReplicaWriter"/>.
/// </summary>
public sealed class ChannelReplica
{
    private ChannelReplica() { }

    public Guid ChannelId { get; private set; }
    public Guid OwnerId { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>When Streaming made the change this copy reflects.</summary>
    public DateTime UpdatedAt { get; private set; }
}

/// <summary>Payments' copy of a broadcast (from StreamStarted): a donation may name a stream of the channel it pays.</summary>
public sealed class BroadcastReplica
{
    private BroadcastReplica() { }

    public BroadcastReplica(Guid streamId, Guid channelId, DateTime startedAt)
    {
        StreamId = streamId;
        ChannelId = channelId;
        StartedAt = startedAt;
    }

    public Guid StreamId { get; private set; }
    public Guid ChannelId { get; private set; }
    public DateTime StartedAt { get; private set; }
}

/// <summary>
/// The latest chat ban of a user in a channel (from Chat's UserBanned/UserUnbanned): a banned user cannot pay that
/// channel. One row per (channel, user), moved only by a later change.
/// </summary>
public sealed class ChannelBan
{
    private ChannelBan() { }

    public Guid ChannelId { get; private set; }
    public Guid UserId { get; private set; }
    /// <summary>Null with <see cref="IsLifted"/> false: banned for good.</summary>
    public DateTime? BannedUntil { get; private set; }
    public bool IsLifted { get; private set; }
    public DateTime ChangedAt { get; private set; }

    public bool IsActive(DateTime now) => !IsLifted && (BannedUntil is null || BannedUntil > now);
}
