namespace AeThexLive.Analytics.Data;

/// <summary>
/// What is known of a broadcast's time on air, folded from its facts: the start and end Streaming
/// reported, and the earliest and latest moment any of its facts mentions. Every column is a
/// min, max or first-non-null over facts, so it is the same whatever order or however often the
/// facts arrive (rebuild recomputes it from them).
/// </summary>
internal sealed class BroadcastSpan
{
    public Guid StreamId { get; init; }
    public Guid ChannelId { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? EndedAt { get; init; }
    public int? ReportedPeak { get; init; }
    public DateTime FirstSeenAt { get; init; }
    public DateTime LastSeenAt { get; init; }
}

// The dirty tables are logs, not sets: a batch appends its marks without looking at what is
// there, so it never waits for a worker holding a mark, and a worker takes every row of a bucket
// at once. The id only orders the log.

/// <summary>An hour of a broadcast whose facts changed since its row was computed.</summary>
internal sealed class DirtyStreamHour
{
    public long Id { get; init; }
    public Guid StreamId { get; init; }
    public DateTime Hour { get; init; }
}

/// <summary>A broadcast whose totals need recomputing.</summary>
internal sealed class DirtyStream
{
    public long Id { get; init; }
    public Guid StreamId { get; init; }
}

/// <summary>A channel's day whose facts changed since its row was computed.</summary>
internal sealed class DirtyChannelDay
{
    public long Id { get; init; }
    public Guid ChannelId { get; init; }
    public DateOnly Day { get; init; }
}
