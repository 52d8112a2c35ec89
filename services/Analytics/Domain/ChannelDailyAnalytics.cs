namespace AeThexLive.Analytics.Domain;

/// <summary>One day (UTC) of one channel, all its broadcasts together: table channel_analytics. Written only by the rollup.</summary>
public sealed class ChannelDailyAnalytics
{
    private ChannelDailyAnalytics() { }

    public Guid Id { get; private set; }
    public Guid ChannelId { get; private set; }
    public DateOnly? Date { get; private set; }
    /// <summary>Views: one per viewer per broadcast watched that day (as Streaming counts a channel's views).</summary>
    public int? TotalViews { get; private set; }
    public int? NewFollowers { get; private set; }
    public int? Subscriptions { get; private set; }
    public int? DonationsCents { get; private set; }
    /// <summary>Everything the channel earned that day, in cents (today donations: see the README).</summary>
    public int? RevenueCents { get; private set; }
    public int StreamedSeconds { get; private set; }
    public long WatchSeconds { get; private set; }
    public int AverageViewers { get; private set; }
    public int PeakViewers { get; private set; }
    public int UniqueViewers { get; private set; }
    public int ChatMessages { get; private set; }
    public int UniqueChatters { get; private set; }
    public int Unfollows { get; private set; }
    public int GiftedSubscriptions { get; private set; }
    public int Gifts { get; private set; }
    public int Donations { get; private set; }
    public int Broadcasts { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
}
