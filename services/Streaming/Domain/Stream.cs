namespace AeThexLive.Streaming.Domain;

public static class StreamStatuses
{
    public const string Scheduled = "scheduled";
    public const string Live = "live";
    public const string Ended = "ended";
}

/// <summary>One live session of a channel, from scheduling or going live until it ends.</summary>
public sealed class Stream
{
    private readonly List<StreamTag> _tags = [];

    private Stream() { }

    private Stream(Guid id, Guid channelId, string title, string? description, string status, string streamKey, DateTime now)
    {
        Id = id;
        ChannelId = channelId;
        Title = title;
        Description = description;
        Status = status;
        StreamKey = streamKey;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public static Stream Schedule(Guid id, Guid channelId, string title, string? description, string streamKey, DateTime now) =>
        new(id, channelId, title, description, StreamStatuses.Scheduled, streamKey, now);

    public static Stream StartLive(Guid id, Guid channelId, string title, string streamKey, string hlsUrl, DateTime now)
    {
        var stream = new Stream(id, channelId, title, null, StreamStatuses.Scheduled, streamKey, now);
        stream.Start(hlsUrl, now);
        return stream;
    }

    private readonly List<StreamRecording> _recordings = [];

    public Guid Id { get; private set; }
    public Guid ChannelId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public string Status { get; private set; } = StreamStatuses.Scheduled;
    /// <summary>Identifies this session's ingest; unique per stream.</summary>
    public string StreamKey { get; private set; } = "";
    public string? HlsUrl { get; private set; }
    public string? ThumbnailUrl { get; private set; }
    public int ViewerCount { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public int? DurationSeconds { get; private set; }
    public bool IsArchived { get; private set; } = true;
    public string? ArchiveUrl { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public IReadOnlyCollection<StreamTag> Tags => _tags;
    public IReadOnlyCollection<StreamRecording> Recordings => _recordings;

    /// <summary>The ingest connection publishing it (nginx-rtmp's client id), while one is.</summary>
    public string? IngestClientId { get; private set; }
    /// <summary>Hash of the key the publisher used: a rotated key no longer matches it.</summary>
    public string? IngestKeyHash { get; private set; }
    /// <summary>Last word from the ingest server about the publisher (publish, then on_update every 10 s).</summary>
    public DateTime? IngestSeenAt { get; private set; }
    /// <summary>When the publisher dropped; the stream ends if it has not come back within the grace period.</summary>
    public DateTime? DisconnectedAt { get; private set; }
    public int PeakViewers { get; private set; }
    public int UniqueViewers { get; private set; }

    public bool IsLive => Status == StreamStatuses.Live;

    /// <summary>A publisher (new, or back after a drop) is sending this stream.</summary>
    public void Connect(string clientId, string keyHash, DateTime at)
    {
        IngestClientId = clientId;
        IngestKeyHash = keyHash;
        IngestSeenAt = at;
        DisconnectedAt = null;
        UpdatedAt = at;
    }

    /// <summary>The publisher went away; returns false when the notice is about an older connection.</summary>
    public bool Disconnect(string clientId, DateTime at)
    {
        if (!IsLive || IngestClientId != clientId) return false;
        IngestClientId = null;
        DisconnectedAt = at;
        UpdatedAt = at;
        return true;
    }

    public void AddRecording(string path, DateTime at)
    {
        if (_recordings.Any(r => r.Path == path)) return;
        _recordings.Add(new StreamRecording(Guid.CreateVersion7(), Id, path, at));
    }

    public void RecordAudience(int viewers, int peak, int unique, DateTime now)
    {
        ViewerCount = Math.Max(0, viewers);
        PeakViewers = Math.Max(PeakViewers, peak);
        UniqueViewers = Math.Max(UniqueViewers, unique);
        UpdatedAt = now;
    }

    public void Start(string hlsUrl, DateTime at)
    {
        if (Status != StreamStatuses.Scheduled) throw new InvalidOperationException($"A stream that is {Status} cannot start.");
        Status = StreamStatuses.Live;
        HlsUrl = hlsUrl;
        StartedAt = at;
        UpdatedAt = at;
    }

    public void End(DateTime at)
    {
        if (Status == StreamStatuses.Ended) return;
        Status = StreamStatuses.Ended;
        EndedAt = at;
        ViewerCount = 0;
        IngestClientId = null;
        DisconnectedAt = null;
        if (StartedAt is { } started) DurationSeconds = (int)Math.Max(0, (at - started).TotalSeconds);
        UpdatedAt = at;
    }

    public void UpdateDetails(string title, string? description, DateTime now)
    {
        Title = title;
        Description = description;
        UpdatedAt = now;
    }

    /// <summary>Replaces the tag set; tags are compared lower-case and kept once each.</summary>
    public void ReplaceTags(IEnumerable<string> tags, DateTime now)
    {
        var wanted = tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        _tags.RemoveAll(t => !wanted.Contains(t.Tag));
        foreach (var tag in wanted.Where(w => _tags.All(t => t.Tag != w)))
        {
            _tags.Add(new StreamTag(Id, tag));
        }
        UpdatedAt = now;
    }

    public void SetViewerCount(int viewers, DateTime now)
    {
        ViewerCount = Math.Max(0, viewers);
        UpdatedAt = now;
    }

    public void SetThumbnail(string thumbnailUrl, DateTime now)
    {
        ThumbnailUrl = thumbnailUrl;
        UpdatedAt = now;
    }

    public void Archive(string archiveUrl, DateTime now)
    {
        ArchiveUrl = archiveUrl;
        IsArchived = true;
        UpdatedAt = now;
    }
}

/// <summary>A recording file nginx wrote for a stream (one per publish, so several after reconnects).</summary>
public sealed class StreamRecording
{
    private StreamRecording() { }

    public StreamRecording(Guid id, Guid streamId, string path, DateTime recordedAt)
    {
        Id = id;
        StreamId = streamId;
        Path = path;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    public string Path { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
}

public sealed class StreamTag
{
    private StreamTag() { }

    public StreamTag(Guid streamId, string tag)
    {
        StreamId = streamId;
        Tag = tag;
    }

    public Guid StreamId { get; private set; }
    public string Tag { get; private set; } = "";
}
