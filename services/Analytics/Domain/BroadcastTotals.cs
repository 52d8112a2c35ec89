namespace AeThexLive.Analytics.Domain;

/// <summary>
/// A whole broadcast (table stream_totals): what its hours add up to, and the figures that do
/// not add up over hours (unique viewers and chatters, peak). Written only by the rollup.
/// </summary>
public sealed class BroadcastTotals
{
    private BroadcastTotals() { }

    public Guid StreamId { get; private set; }
    public Guid ChannelId { get; private set; }
    public DateTime StartedAt { get; private set; }
    /// <summary>Null while no StreamEnded has arrived; <see cref="LastSeenAt"/> is then how far it is known to have run.</summary>
    public DateTime? EndedAt { get; private set; }
    public DateTime LastSeenAt { get; private set; }
    public int StreamedSeconds { get; private set; }
    public long WatchSeconds { get; private set; }
    public int AverageViewers { get; private set; }
    public int PeakViewers { get; private set; }
    public int UniqueViewers { get; private set; }
    public int AvgWatchTimeSeconds { get; private set; }
    public int ChatMessages { get; private set; }
    public int UniqueChatters { get; private set; }
    public int NewFollowers { get; private set; }
    public int Unfollows { get; private set; }
    public int Subscriptions { get; private set; }
    public int GiftedSubscriptions { get; private set; }
    public int Gifts { get; private set; }
    public int Donations { get; private set; }
    public long DonationsCents { get; private set; }
    public DateTime UpdatedAt { get; private set; }
}
