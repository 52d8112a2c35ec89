namespace AeThexLive.Contracts.Streaming;

/// <summary>A channel went live: everything a notifier needs to tell its followers.</summary>
public sealed record StreamStarted(
    Guid StreamId, Guid ChannelId, Guid OwnerId, string ChannelSlug, string ChannelName, string Title, string? Category,
    IReadOnlyList<string> Tags, string HlsUrl, DateTime StartedAt);

/// <summary>A broadcast is over (its grace period for reconnects has passed). Recordings are on the ingest host.</summary>
public sealed record StreamEnded(
    Guid StreamId, Guid ChannelId, Guid OwnerId, string ChannelSlug, string Title, DateTime StartedAt, DateTime EndedAt,
    int DurationSeconds, int PeakViewers, int UniqueViewers, IReadOnlyList<string> RecordingPaths);

/// <summary>The concurrent viewer count of a live stream, sampled once a minute.</summary>
public sealed record ViewerCountSampled(Guid StreamId, Guid ChannelId, int Viewers, DateTime SampledAt);

/// <summary>A viewer stopped watching (no heartbeat for 30 s). UserId is null for anonymous viewers.</summary>
public sealed record ViewerSessionEnded(Guid StreamId, Guid ChannelId, string ViewerId, Guid? UserId, DateTime StartedAt, DateTime EndedAt, int WatchSeconds);
