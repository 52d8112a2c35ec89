using System.Security.Claims;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AeThexLive.Competition.Endpoints;

/// <summary>Reading a board's current period: top first, around a user, or one user's standing. Ranks come from Redis.</summary>
public static class LeaderboardEntriesApi
{
    public const int DefaultSpread = 5;
    public const int MaxSpread = 50;

    public static IEndpointRouteBuilder MapLeaderboardEntriesApi(this IEndpointRouteBuilder app)
    {
        var entries = app.MapGroup("/api/leaderboards/{id:guid}/entries").WithTags("Leaderboards");
        entries.MapGet("/", ListAsync).WithName("ListLeaderboardEntries")
            .WithSummary("The current period's entries, top first (limit, cursor); around=me or around={username}: that user and limit either side");
        entries.MapGet("/{username}", GetAsync).WithName("GetLeaderboardEntry").WithSummary("A user's rank, score and percentile in the current period");
        return app;
    }

    internal static async Task<Results<Ok<EntriesPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid id, int? limit, string? cursor, string? around, ClaimsPrincipal principal, LeaderboardCatalog catalog, Rankings rankings,
        UserNames names, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var offset = 0;
        if (around is null)
        {
            errors.Check(limit is < 1 or > PageRequest.MaxLimit, "limit", $"Limit must be between 1 and {PageRequest.MaxLimit}.");
            errors.Check(cursor is not null && !OffsetCursor.TryRead(cursor, out offset), "cursor", "The cursor is not one this API gave out.");
        }
        else
        {
            errors.Check(around.Length is 0 or > 255, "around", "around is me or a username.");
            errors.Check(limit is < 1 or > MaxSpread, "limit", $"With around, limit is how many entries to show either side: 1–{MaxSpread}.");
            errors.Check(cursor is not null, "cursor", "around starts at the user; it takes no cursor.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var board = await catalog.FindAsync(id, cancellationToken);
        if (board is null) return ApiProblems.NotFound("leaderboard");
        var period = board.PeriodAt(clock.GetUtcNow().UtcDateTime);
        var key = new RankingKey(board.Id, period);
        try
        {
            RankedSlice slice;
            if (around is null)
            {
                slice = await rankings.TopAsync(key, offset, limit ?? PageRequest.DefaultLimit, cancellationToken);
            }
            else
            {
                Guid userId;
                if (around.Equals("me", StringComparison.OrdinalIgnoreCase))
                {
                    if (principal.UserIdOrNull() is not { } me)
                    {
                        return ApiProblems.Of(StatusCodes.Status401Unauthorized, "unauthenticated", "Sign in to see the board around you.");
                    }
                    userId = me;
                }
                else if (await names.IdOfAsync(around, cancellationToken) is { } found)
                {
                    userId = found;
                }
                else
                {
                    return ApiProblems.NotFound("user");
                }
                var spread = limit ?? DefaultSpread;
                var near = await rankings.AroundAsync(key, userId, spread, cancellationToken);
                if (near is null) return NotRanked();
                slice = near;
            }
            var userNames = await names.ForAsync(slice.Items.Select(i => i.UserId), cancellationToken);
            var items = slice.Items.Select(i => LeaderboardViews.ToView(i, userNames)).ToList();
            var next = slice.Position + slice.Items.Count;
            var nextCursor = slice.Items.Count > 0 && next < slice.Total && next <= int.MaxValue ? OffsetCursor.Write((int)next) : null;
            return TypedResults.Ok(new EntriesPage(board.Id, period.Key, slice.Total, items, nextCursor));
        }
        catch (Exception ex) when (LeaderboardViews.IsUnavailable(ex))
        {
            return LeaderboardViews.Unavailable();
        }
    }

    internal static async Task<Results<Ok<StandingView>, ProblemHttpResult>> GetAsync(
        Guid id, string username, LeaderboardCatalog catalog, Rankings rankings, UserNames names, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var board = await catalog.FindAsync(id, cancellationToken);
        if (board is null) return ApiProblems.NotFound("leaderboard");
        if (username.Length > 255 || await names.IdOfAsync(username, cancellationToken) is not { } userId) return ApiProblems.NotFound("user");
        var period = board.PeriodAt(clock.GetUtcNow().UtcDateTime);
        try
        {
            var standing = await rankings.StandingAsync(new RankingKey(board.Id, period), userId, cancellationToken);
            if (standing is null) return NotRanked();
            var name = (await names.ForAsync([userId], cancellationToken)).GetValueOrDefault(userId);
            return TypedResults.Ok(new StandingView(board.Id, period.Key, userId, name?.Username ?? username.ToLowerInvariant(), name?.DisplayName,
                standing.Rank, standing.Score, standing.Percentile, standing.Total));
        }
        catch (Exception ex) when (LeaderboardViews.IsUnavailable(ex))
        {
            return LeaderboardViews.Unavailable();
        }
    }

    private static ProblemHttpResult NotRanked() =>
        ApiProblems.Of(StatusCodes.Status404NotFound, "not-ranked", "The user has no score on this board in the current period.");
}
