using System.Security.Claims;
using AeThexLive.Analytics.Data;
using AeThexLive.Analytics.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Analytics.Endpoints;

public static class StreamAnalyticsApi
{
    public static IEndpointRouteBuilder MapStreamAnalyticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/streams/{id:guid}/analytics", GetAsync).WithTags("Analytics").WithName("GetStreamAnalytics")
            .WithSummary("A broadcast's hours (UTC) and totals; its hours as CSV with Accept: text/csv or format=csv (owner, admin)")
            .Produces(StatusCodes.Status200OK, contentType: CsvExport.ContentType)
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Ok<StreamAnalyticsResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid id, string? format, HttpRequest request, ClaimsPrincipal principal, AnalyticsDbContext db, CancellationToken cancellationToken)
    {
        var csv = CsvExport.Wanted(request, format);
        if (csv is null) return TypedResults.ValidationProblem(new FieldErrors().Add("format", "format must be csv or json.").ToDictionary());

        var totals = await db.StreamTotals.AsNoTracking().SingleOrDefaultAsync(t => t.StreamId == id, cancellationToken);
        if (totals is null) return ApiProblems.NotFound("stream with analytics");
        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.ChannelId == totals.ChannelId, cancellationToken);
        // Without a copy of the channel there is no owner to match: only admins may read such a stream.
        if (!AnalyticsAccess.MayRead(principal, channel?.OwnerId ?? Guid.Empty)) return ApiProblems.Forbidden(AnalyticsAccess.NotYours);

        var hours = (await db.StreamAnalytics.AsNoTracking().Where(h => h.StreamId == id).OrderBy(h => h.HourTimestamp).ToListAsync(cancellationToken))
            .Select(ToRow).ToList();
        return csv == true
            ? CsvExport.File(hours, $"{channel?.Slug ?? "stream"}-{id}-hourly.csv")
            : TypedResults.Ok(new StreamAnalyticsResponse(id, totals.ChannelId, channel?.Slug, ToView(totals), hours));
    }

    private static HourlyAnalyticsRow ToRow(StreamHourlyAnalytics hour) => new(
        hour.HourTimestamp!.Value, hour.StreamedSeconds, Figures.Minutes(hour.StreamedSeconds), hour.WatchSeconds, Figures.Minutes(hour.WatchSeconds),
        Figures.AverageViewers(hour.WatchSeconds, hour.StreamedSeconds), hour.PeakViewers ?? 0, hour.UniqueViewers, hour.AvgWatchTimeSeconds ?? 0,
        hour.ChatMessages ?? 0, hour.UniqueChatters, hour.NewFollowers ?? 0, hour.Unfollows, hour.Subscriptions ?? 0, hour.GiftedSubscriptions,
        hour.Gifts, hour.Donations, hour.DonationsCents ?? 0);

    private static BroadcastTotalsView ToView(BroadcastTotals totals) => new(
        totals.StartedAt, totals.EndedAt, totals.LastSeenAt, totals.StreamedSeconds, Figures.Minutes(totals.StreamedSeconds),
        Figures.Hours(totals.StreamedSeconds), totals.WatchSeconds, Figures.Minutes(totals.WatchSeconds),
        Figures.AverageViewers(totals.WatchSeconds, totals.StreamedSeconds), totals.PeakViewers, totals.UniqueViewers, totals.AvgWatchTimeSeconds,
        totals.ChatMessages, totals.UniqueChatters, totals.NewFollowers, totals.Unfollows, totals.Subscriptions, totals.GiftedSubscriptions,
        totals.Gifts, totals.Donations, totals.DonationsCents);
}
