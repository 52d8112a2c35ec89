namespace AeThexLive.Streaming.Domain;

/// <summary>
/// The work of telling a broadcast's followers that it started, written with the broadcast's start and
/// done in batches by follower id: <see cref="AfterFollowerId"/> is how far it got, so a fan-out that a
/// restart interrupted goes on where its last committed batch ended instead of starting over.
/// </summary>
public sealed class GoLiveFanout
{
    private GoLiveFanout() { }

    public GoLiveFanout(Guid streamId, Guid channelId, string channelSlug, string channelName, string title, DateTime startedAt)
    {
        StreamId = streamId;
        ChannelId = channelId;
        ChannelSlug = channelSlug;
        ChannelName = channelName;
        Title = title;
        StartedAt = startedAt;
    }

    public Guid StreamId { get; private set; }
    public Guid ChannelId { get; private set; }
    public string ChannelSlug { get; private set; } = "";
    public string ChannelName { get; private set; } = "";
    public string Title { get; private set; } = "";
    public DateTime StartedAt { get; private set; }
    /// <summary>The highest follower id already done (the empty id before the first batch: uuids sort above it).</summary>
    public Guid AfterFollowerId { get; private set; }
    public int Notified { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>A batch ending at <paramref name="lastFollowerId"/> is done; a batch shorter than asked for was the last.</summary>
    public void Advance(Guid lastFollowerId, int notified, bool last, DateTime now)
    {
        AfterFollowerId = lastFollowerId;
        Notified += notified;
        if (last) CompletedAt = now;
    }

    public void Complete(DateTime now) => CompletedAt = now;
}
