namespace AeThexLive.Analytics.Domain;

/// <summary>
/// One hour (UTC) of one broadcast: table stream_analytics. Written only by the rollup, as a
/// function of the raw facts (Rollups/RollupSql.cs defines every figure); read by the API.
/// </summary>
public sealed class StreamHourlyAnalytics
{
    private StreamHourlyAnalytics() { }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    public Guid ChannelId { get; private set; }
    /// <summary>Start of the hour (UTC).</summary>
    public DateTime? HourTimestamp { get; private set; }
    /// <summary>Average viewers: watch seconds ÷ streamed seconds, rounded.</summary>
    public int? ViewerCount { get; private set; }
    public int? PeakViewers { get; private set; }
    /// <summary>Watch seconds ÷ unique viewers, rounded.</summary>
    public int? AvgWatchTimeSeconds { get; private set; }
    public int? NewFollowers { get; private set; }
    /// <summary>New paid subscriptions (gifted ones are in <see cref="GiftedSubscriptions"/>).</summary>
    public int? Subscriptions { get; private set; }
    public int? DonationsCents { get; private set; }
    public int? ChatMessages { get; private set; }
    public int StreamedSeconds { get; private set; }
    public long WatchSeconds { get; private set; }
    public int UniqueViewers { get; private set; }
    public int UniqueChatters { get; private set; }
    public int Unfollows { get; private set; }
    public int GiftedSubscriptions { get; private set; }
    public int Gifts { get; private set; }
    public int Donations { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
}
