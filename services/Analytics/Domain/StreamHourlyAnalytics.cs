namespace AeThexLive.Analytics.Domain;

/// <summary>One hour of one stream (table stream_analytics); rebuilt from the raw facts Analytics collects.</summary>
public sealed class StreamHourlyAnalytics
{
    private StreamHourlyAnalytics() { }

    public StreamHourlyAnalytics(Guid id, Guid streamId, DateTime hour, DateTime now)
    {
        Id = id;
        StreamId = streamId;
        HourTimestamp = TruncateToHour(hour);
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid StreamId { get; private set; }
    /// <summary>Start of the hour (UTC).</summary>
    public DateTime? HourTimestamp { get; private set; }
    public int? ViewerCount { get; private set; }
    public int? PeakViewers { get; private set; }
    public int? AvgWatchTimeSeconds { get; private set; }
    public int? NewFollowers { get; private set; }
    public int? Subscriptions { get; private set; }
    public int? DonationsCents { get; private set; }
    public int? ChatMessages { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public static DateTime TruncateToHour(DateTime at) => new(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc);

    public void Record(
        int viewerCount, int peakViewers, int avgWatchTimeSeconds, int newFollowers,
        int subscriptions, int donationsCents, int chatMessages)
    {
        ViewerCount = viewerCount;
        PeakViewers = peakViewers;
        AvgWatchTimeSeconds = avgWatchTimeSeconds;
        NewFollowers = newFollowers;
        Subscriptions = subscriptions;
        DonationsCents = donationsCents;
        ChatMessages = chatMessages;
    }
}

/// <summary>One day of one channel (table channel_analytics).</summary>
public sealed class ChannelDailyAnalytics
{
    private ChannelDailyAnalytics() { }

    public ChannelDailyAnalytics(Guid id, Guid channelId, DateOnly date, DateTime now)
    {
        Id = id;
        ChannelId = channelId;
        Date = date;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ChannelId { get; private set; }
    public DateOnly? Date { get; private set; }
    public int? TotalViews { get; private set; }
    public int? NewFollowers { get; private set; }
    public int? Subscriptions { get; private set; }
    public int? DonationsCents { get; private set; }
    public int? RevenueCents { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Record(int totalViews, int newFollowers, int subscriptions, int donationsCents, int revenueCents)
    {
        TotalViews = totalViews;
        NewFollowers = newFollowers;
        Subscriptions = subscriptions;
        DonationsCents = donationsCents;
        RevenueCents = revenueCents;
    }
}
