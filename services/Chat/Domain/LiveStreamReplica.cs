namespace AeThexLive.Chat.Domain;

/// <summary>
/// Chat's own copy of a stream (from StreamStarted/StreamEnded): which channel and owner a
/// room belongs to and whether it is live, so sending a message never waits on Streaming.
/// </summary>
public sealed class LiveStreamReplica
{
    private LiveStreamReplica() { }

    public LiveStreamReplica(Guid streamId, Guid channelId, Guid ownerId, DateTime startedAt)
    {
        StreamId = streamId;
        ChannelId = channelId;
        OwnerId = ownerId;
        StartedAt = startedAt;
        IsLive = true;
    }

    public Guid StreamId { get; private set; }
    public Guid ChannelId { get; private set; }
    public Guid OwnerId { get; private set; }
    public bool IsLive { get; private set; }
    public DateTime StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }

    public void End(DateTime endedAt)
    {
        IsLive = false;
        EndedAt = endedAt;
    }
}

/// <summary>Chat's copy of a channel (from ChannelCreated): its slug and owner, for moderation routes.</summary>
public sealed class ChannelReplica
{
    private ChannelReplica() { }

    public ChannelReplica(Guid channelId, Guid ownerId, string slug)
    {
        ChannelId = channelId;
        OwnerId = ownerId;
        Slug = slug;
    }

    public Guid ChannelId { get; private set; }
    public Guid OwnerId { get; private set; }
    public string Slug { get; private set; } = "";
}
