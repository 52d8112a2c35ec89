using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Endpoints;

/// <summary>A board's past periods: their final ranks, archived when each ended.</summary>
public static class LeaderboardPeriodsApi
{
    public static IEndpointRouteBuilder MapLeaderboardPeriodsApi(this IEndpointRouteBuilder app)
    {
        var periods = app.MapGroup("/api/leaderboards/{id:guid}/periods").WithTags("Leaderboards");
        periods.MapGet("/", ListAsync).WithName("ListLeaderboardPeriods").WithSummary("The board's archived periods, latest first");
        periods.MapGet("/{period}", GetAsync).WithName("GetLeaderboardPeriod")
            .WithSummary("An archived period's final ranks (2026-W48 for a weekly board, 2026-11 for a monthly one), top first");
        return app;
    }

    internal static async Task<Results<Ok<Page<PeriodSummary>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid id, int? limit, string? cursor, CompetitionDbContext db, LeaderboardCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(limit is < 1 or > PageRequest.MaxLimit, "limit", $"Limit must be between 1 and {PageRequest.MaxLimit}.");
        var offset = 0;
        errors.Check(cursor is not null && !OffsetCursor.TryRead(cursor, out offset), "cursor", "The cursor is not one this API gave out.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var board = await catalog.FindAsync(id, cancellationToken);
        if (board is null) return ApiProblems.NotFound("leaderboard");

        var take = limit ?? PageRequest.DefaultLimit;
        var rows = await db.LeaderboardPeriods.AsNoTracking()
            .Where(p => p.LeaderboardId == id && p.ArchivedAt != null)
            .OrderByDescending(p => p.PeriodStart).Skip(offset).Take(take + 1)
            .ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(p => Summary(board, p)).ToList();
        return TypedResults.Ok(new Page<PeriodSummary>(items, rows.Count > take ? OffsetCursor.Write(offset + take) : null));
    }

    internal static async Task<Results<Ok<ArchivedPeriodView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid id, string period, int? limit, string? cursor, CompetitionDbContext db, LeaderboardCatalog catalog, UserNames names,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var board = await catalog.FindAsync(id, cancellationToken);
        if (board is null) return ApiProblems.NotFound("leaderboard");
        var errors = new FieldErrors();
        errors.Check(limit is < 1 or > PageRequest.MaxLimit, "limit", $"Limit must be between 1 and {PageRequest.MaxLimit}.");
        var offset = 0;
        errors.Check(cursor is not null && !OffsetCursor.TryRead(cursor, out offset), "cursor", "The cursor is not one this API gave out.");
        if (board.Period == LeaderboardPeriods.AllTime)
        {
            errors.Add("period", "An all-time board never ends, so it has no archived periods.");
        }
        else
        {
            errors.Check(!LeaderboardPeriod.TryParse(board.Period, period, out _), "period",
                $"This {board.Period} board's periods are named as {LeaderboardPeriod.KeyFormat(board.Period)}.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        LeaderboardPeriod.TryParse(board.Period, period, out var wanted);
        var record = await db.LeaderboardPeriods.AsNoTracking()
            .SingleOrDefaultAsync(p => p.LeaderboardId == id && p.PeriodStart == wanted.Start, cancellationToken);
        if (record?.ArchivedAt is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (wanted.EndsAt > now) return ApiProblems.Conflict("period-not-over", $"The period {wanted.Key} has not ended yet.");
            if (record is not null)
            {
                return ApiProblems.Conflict("period-not-archived", $"The period {wanted.Key} has ended and is being archived; try again shortly.");
            }
            return ApiProblems.Of(StatusCodes.Status404NotFound, "not-found", $"The board had no scores in {wanted.Key}.");
        }

        var take = limit ?? PageRequest.DefaultLimit;
        var rows = await db.LeaderboardArchiveEntries.AsNoTracking()
            .Where(e => e.LeaderboardId == id && e.PeriodStart == wanted.Start)
            .OrderBy(e => e.Rank).ThenBy(e => e.UserId).Skip(offset).Take(take + 1)
            .ToListAsync(cancellationToken);
        var shown = rows.Take(take).ToList();
        var userNames = await names.ForAsync(shown.Select(e => e.UserId), cancellationToken);
        var items = shown.Select(e => LeaderboardViews.ToView(new RankedUser(e.UserId, e.Score, e.Rank), userNames)).ToList();
        var summary = Summary(board, record);
        return TypedResults.Ok(new ArchivedPeriodView(id, summary.Period, summary.StartsAt, summary.EndsAt, summary.ArchivedAt, summary.EntryCount, items,
            rows.Count > take ? OffsetCursor.Write(offset + take) : null));
    }

    private static PeriodSummary Summary(Leaderboard board, LeaderboardPeriodRecord record)
    {
        var period = new LeaderboardPeriod(board.Period, record.PeriodStart);
        return new PeriodSummary(period.Key, period.StartsAt, period.EndsAt!.Value, record.ArchivedAt!.Value, record.EntryCount ?? 0);
    }
}
