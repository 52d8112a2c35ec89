using System.Security.Claims;
using AeThexLive.Analytics.Data;
using AeThexLive.Analytics.Domain;
using AeThexLive.Analytics.Rollups;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Analytics.Endpoints;

public static class ChannelAnalyticsApi
{
    private static readonly Dictionary<string, int> Periods = new(StringComparer.Ordinal) { ["7d"] = 7, ["30d"] = 30, ["90d"] = 90 };

    public static IEndpointRouteBuilder MapChannelAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("/api/channels/{slug}/analytics").WithTags("Analytics").RequireAuthorization();
        analytics.MapGet("/", DailyAsync).WithName("GetChannelAnalytics")
            .WithSummary("A channel's days (UTC) from..to, at most 366; CSV with Accept: text/csv or format=csv (owner, admin)")
            .Produces(StatusCodes.Status200OK, contentType: CsvExport.ContentType);
        analytics.MapGet("/summary", SummaryAsync).WithName("GetChannelAnalyticsSummary")
            .WithSummary("The last 7d, 30d or 90d against the period before, with the best stream and busiest hour (owner, admin)");
        return app;
    }

    internal static async Task<Results<Ok<ChannelAnalyticsResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> DailyAsync(
        string slug, string? from, string? to, string? format, HttpRequest request, ClaimsPrincipal principal, AnalyticsDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var range = DateRange.Read(from, to, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), errors);
        var csv = CsvExport.Wanted(request, format);
        errors.Check(csv is null, "format", "format must be csv or json.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var channel = await AnalyticsAccess.FindChannelAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!AnalyticsAccess.MayRead(principal, channel.OwnerId)) return ApiProblems.Forbidden(AnalyticsAccess.NotYours);

        var stored = await db.ChannelAnalytics.AsNoTracking()
            .Where(d => d.ChannelId == channel.ChannelId && d.Date >= range.From && d.Date <= range.To)
            .ToDictionaryAsync(d => d.Date!.Value, cancellationToken);
        var days = Enumerable.Range(0, range.Days).Select(i => range.From.AddDays(i))
            .Select(date => stored.TryGetValue(date, out var day) ? ToRow(day) : Empty(date)).ToList();
        return csv == true
            ? CsvExport.File(days, $"{channel.Slug}-daily-{range.From:yyyy-MM-dd}-{range.To:yyyy-MM-dd}.csv")
            : TypedResults.Ok(new ChannelAnalyticsResponse(channel.ChannelId, channel.Slug, range.From, range.To, days));
    }

    internal static async Task<Results<Ok<AnalyticsSummaryResponse>, ValidationProblem, ProblemHttpResult>> SummaryAsync(
        string slug, string? period, ClaimsPrincipal principal, AnalyticsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        period ??= "30d";
        if (!Periods.TryGetValue(period, out var length))
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("period", "period must be 7d, 30d or 90d.").ToDictionary());
        }
        var channel = await AnalyticsAccess.FindChannelAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!AnalyticsAccess.MayRead(principal, channel.OwnerId)) return ApiProblems.Forbidden(AnalyticsAccess.NotYours);

        // The last `length` whole UTC days up to today, and the same number of days before them.
        var to = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = to.AddDays(1 - length);
        var previousTo = from.AddDays(-1);
        var previousFrom = previousTo.AddDays(1 - length);
        var (current, previous) = await MeasureAsync(db, channel.ChannelId, Start(from), Start(to.AddDays(1)), Start(previousFrom), cancellationToken);

        var best = await db.StreamTotals.AsNoTracking()
            .Where(t => t.ChannelId == channel.ChannelId && t.StartedAt >= Start(from) && t.StartedAt < Start(to.AddDays(1)))
            .OrderByDescending(t => t.StreamedSeconds > 0 ? (double)t.WatchSeconds / t.StreamedSeconds : 0)
            .ThenByDescending(t => t.PeakViewers).ThenBy(t => t.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var busiest = await db.StreamAnalytics.AsNoTracking()
            .Where(h => h.ChannelId == channel.ChannelId && h.HourTimestamp >= Start(from) && h.HourTimestamp < Start(to.AddDays(1)))
            .OrderByDescending(h => h.StreamedSeconds > 0 ? (double)h.WatchSeconds / h.StreamedSeconds : 0)
            .ThenByDescending(h => h.PeakViewers).ThenBy(h => h.HourTimestamp)
            .FirstOrDefaultAsync(cancellationToken);

        return TypedResults.Ok(new AnalyticsSummaryResponse(channel.ChannelId, channel.Slug, period, from, to, previousFrom, previousTo,
            Compare(current, previous),
            best is null ? null : new BestBroadcast(best.StreamId, best.StartedAt, best.EndedAt,
                Figures.AverageViewers(best.WatchSeconds, best.StreamedSeconds), best.PeakViewers, best.UniqueViewers, Figures.Minutes(best.WatchSeconds)),
            busiest is null ? null : new BusiestHour(busiest.HourTimestamp!.Value, busiest.StreamId,
                Figures.AverageViewers(busiest.WatchSeconds, busiest.StreamedSeconds), busiest.PeakViewers ?? 0,
                Figures.Minutes(busiest.WatchSeconds), busiest.ChatMessages ?? 0)));
    }

    private static DateTime Start(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>One period's figures, computed from the facts by the rollup's own definitions (distinct viewers over the whole period).</summary>
    private sealed record PeriodFigures(
        long StreamedSeconds, long WatchSeconds, int PeakViewers, int UniqueViewers, int Views, int ChatMessages, int UniqueChatters,
        int Follows, int Unfollows, int Subscriptions, int Gifted, int Gifts, int Donations, long DonationCents, int Broadcasts);

    private static async Task<(PeriodFigures Current, PeriodFigures Previous)> MeasureAsync(
        AnalyticsDbContext db, Guid channelId, DateTime from, DateTime to, DateTime previousFrom, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(RollupSql.ChannelRanges, connection);
            command.Parameters.Add(new NpgsqlParameter("sid", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = new[] { channelId, channelId } });
            command.Parameters.Add(new NpgsqlParameter("b_start", NpgsqlDbType.Array | NpgsqlDbType.Timestamp)
            {
                Value = new[] { Unspecified(previousFrom), Unspecified(from) },
            });
            command.Parameters.Add(new NpgsqlParameter("b_end", NpgsqlDbType.Array | NpgsqlDbType.Timestamp)
            {
                Value = new[] { Unspecified(from), Unspecified(to) },
            });
            var periods = new List<PeriodFigures>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                periods.Add(new PeriodFigures(reader.GetInt32(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                    reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11),
                    reader.GetInt32(12), reader.GetInt32(13), reader.GetInt64(14), reader.GetInt32(15)));
            }
            return (periods[1], periods[0]);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DateTime Unspecified(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

    private static SummaryTotals Compare(PeriodFigures now, PeriodFigures before) => new(
        Change(now.Broadcasts, before.Broadcasts),
        Change(Figures.Hours(now.StreamedSeconds), Figures.Hours(before.StreamedSeconds)),
        Change(Figures.Minutes(now.WatchSeconds), Figures.Minutes(before.WatchSeconds)),
        Change(Figures.AverageViewers(now.WatchSeconds, now.StreamedSeconds), Figures.AverageViewers(before.WatchSeconds, before.StreamedSeconds)),
        Change(now.PeakViewers, before.PeakViewers),
        Change(now.UniqueViewers, before.UniqueViewers),
        Change(now.Views, before.Views),
        Change(now.ChatMessages, before.ChatMessages),
        Change(now.UniqueChatters, before.UniqueChatters),
        Change(now.Follows, before.Follows),
        Change(now.Unfollows, before.Unfollows),
        Change(now.Subscriptions, before.Subscriptions),
        Change(now.Gifted, before.Gifted),
        Change(now.Gifts, before.Gifts),
        Change(now.Donations, before.Donations),
        Change(now.DonationCents, before.DonationCents),
        Change(now.DonationCents, before.DonationCents));

    private static MetricChange Change(decimal current, decimal previous) =>
        new(current, previous, current - previous, previous == 0 ? null : Math.Round((current - previous) / previous * 100, 1));

    private static DailyAnalyticsRow ToRow(ChannelDailyAnalytics day) => new(
        day.Date!.Value, day.Broadcasts, day.StreamedSeconds, Figures.Hours(day.StreamedSeconds), day.WatchSeconds,
        Figures.Minutes(day.WatchSeconds), Figures.AverageViewers(day.WatchSeconds, day.StreamedSeconds), day.PeakViewers, day.UniqueViewers,
        day.TotalViews ?? 0, day.ChatMessages, day.UniqueChatters, day.NewFollowers ?? 0, day.Unfollows, day.Subscriptions ?? 0,
        day.GiftedSubscriptions, day.Gifts, day.Donations, day.DonationsCents ?? 0, day.RevenueCents ?? 0);

    private static DailyAnalyticsRow Empty(DateOnly date) => new(date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
