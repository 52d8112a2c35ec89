using CsvHelper;

namespace AeThexLive.Analytics.Endpoints;

// What the analytics routes answer. Durations come both exact (seconds) and as the dashboard shows
// them (minutes or hours, two decimals); averageViewers = minutes watched ÷ minutes streamed.

/// <summary>One UTC day of a channel (a row of channel_analytics, zeros for a day without one).</summary>
[CsvRecord]
public sealed partial record DailyAnalyticsRow(
    DateOnly Date, int Broadcasts, int StreamedSeconds, decimal HoursStreamed, long WatchSeconds, decimal MinutesWatched,
    decimal AverageViewers, int PeakViewers, int UniqueViewers, int Views, int ChatMessages, int UniqueChatters, int NewFollowers,
    int Unfollows, int NewSubscriptions, int GiftedSubscriptions, int Gifts, int Donations, long DonationsCents, long RevenueCents);

public sealed record ChannelAnalyticsResponse(Guid ChannelId, string Slug, DateOnly From, DateOnly To, IReadOnlyList<DailyAnalyticsRow> Days);

/// <summary>One UTC hour of a broadcast (a row of stream_analytics).</summary>
[CsvRecord]
public sealed partial record HourlyAnalyticsRow(
    DateTime Hour, int StreamedSeconds, decimal MinutesStreamed, long WatchSeconds, decimal MinutesWatched, decimal AverageViewers,
    int PeakViewers, int UniqueViewers, int AvgWatchTimeSeconds, int ChatMessages, int UniqueChatters, int NewFollowers, int Unfollows,
    int NewSubscriptions, int GiftedSubscriptions, int Gifts, int Donations, long DonationsCents);

/// <summary>A whole broadcast. EndedAt is null while it is live; LastSeenAt is then how far its figures reach.</summary>
public sealed record BroadcastTotalsView(
    DateTime StartedAt, DateTime? EndedAt, DateTime LastSeenAt, int StreamedSeconds, decimal MinutesStreamed, decimal HoursStreamed,
    long WatchSeconds, decimal MinutesWatched, decimal AverageViewers, int PeakViewers, int UniqueViewers, int AvgWatchTimeSeconds,
    int ChatMessages, int UniqueChatters, int NewFollowers, int Unfollows, int NewSubscriptions, int GiftedSubscriptions, int Gifts,
    int Donations, long DonationsCents);

public sealed record StreamAnalyticsResponse(
    Guid StreamId, Guid ChannelId, string? ChannelSlug, BroadcastTotalsView Totals, IReadOnlyList<HourlyAnalyticsRow> Hours);

/// <summary>A figure this period and the period of the same length before it.</summary>
public sealed record MetricChange(decimal Current, decimal Previous, decimal Change, decimal? ChangePercent);

public sealed record SummaryTotals(
    MetricChange Broadcasts, MetricChange HoursStreamed, MetricChange MinutesWatched, MetricChange AverageViewers,
    MetricChange PeakViewers, MetricChange UniqueViewers, MetricChange Views, MetricChange ChatMessages, MetricChange UniqueChatters,
    MetricChange NewFollowers, MetricChange Unfollows, MetricChange NewSubscriptions, MetricChange GiftedSubscriptions,
    MetricChange Gifts, MetricChange Donations, MetricChange DonationsCents, MetricChange RevenueCents);

/// <summary>The period's broadcast with the most average viewers.</summary>
public sealed record BestBroadcast(
    Guid StreamId, DateTime StartedAt, DateTime? EndedAt, decimal AverageViewers, int PeakViewers, int UniqueViewers, decimal MinutesWatched);

/// <summary>The period's hour with the most average viewers, on any of the channel's broadcasts.</summary>
public sealed record BusiestHour(DateTime Hour, Guid StreamId, decimal AverageViewers, int PeakViewers, decimal MinutesWatched, int ChatMessages);

public sealed record AnalyticsSummaryResponse(
    Guid ChannelId, string Slug, string Period, DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo,
    SummaryTotals Totals, BestBroadcast? BestStream, BusiestHour? BusiestHour);

internal static class Figures
{
    public static decimal Minutes(long seconds) => Math.Round(seconds / 60m, 2);

    public static decimal Hours(long seconds) => Math.Round(seconds / 3600m, 2);

    public static decimal AverageViewers(long watchSeconds, long streamedSeconds) =>
        streamedSeconds > 0 ? Math.Round((decimal)watchSeconds / streamedSeconds, 2) : 0;
}
