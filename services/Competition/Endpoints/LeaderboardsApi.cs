using System.Security.Claims;
using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Endpoints;

public sealed record CreateLeaderboardRequest(string? Name, string? Period, string? ScoreMode, string? ChannelSlug, string? Game);

public sealed record SubmitScoreRequest(string? Username, double? Score, string? SubmissionId);

public static class LeaderboardsApi
{
    public static IEndpointRouteBuilder MapLeaderboardsApi(this IEndpointRouteBuilder app)
    {
        var boards = app.MapGroup("/api/leaderboards").WithTags("Leaderboards");
        boards.MapPost("/", CreateAsync).WithName("CreateLeaderboard")
            .WithSummary("Create a board: for your channel (channelSlug), or a global one (admins)").RequireAuthorization();
        boards.MapGet("/", ListAsync).WithName("ListLeaderboards")
            .WithSummary("A channel's boards (channel=slug), its built-in top supporters and top chatters included; without channel, the global boards");
        boards.MapGet("/{id:guid}", GetAsync).WithName("GetLeaderboard").WithSummary("A board and its current period");
        boards.MapPost("/{id:guid}/scores", SubmitAsync).WithName("SubmitLeaderboardScore")
            .WithSummary("Submit a score (board owner or admin): best keeps the highest, increment adds; a repeated submissionId counts once")
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Created<LeaderboardView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateLeaderboardRequest request, ClaimsPrincipal principal, CompetitionDbContext db, ChannelDirectory channels, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim() ?? "";
        var game = string.IsNullOrWhiteSpace(request.Game) ? null : request.Game.Trim();
        errors.Check(name.Length is 0 or > 100, "name", "Name must be 1–100 characters.");
        errors.Check(game is { Length: > 100 }, "game", "Game must be at most 100 characters.");
        errors.Check(!LeaderboardPeriods.All.Contains(request.Period), "period", $"Period must be one of {string.Join(", ", LeaderboardPeriods.All)}.");
        errors.Check(!ScoreModes.All.Contains(request.ScoreMode), "scoreMode", $"Score mode must be one of {string.Join(", ", ScoreModes.All)}.");
        errors.Check(request.ChannelSlug is { Length: 0 or > 255 }, "channelSlug", "channelSlug must be 1–255 characters when given.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var me = principal.UserId();
        Guid? channelId = null;
        string? slug = null;
        if (request.ChannelSlug is { } channelSlug)
        {
            var channel = await channels.FindBySlugAsync(channelSlug, cancellationToken);
            if (channel is null) return ApiProblems.NotFound("channel");
            if (channel.OwnerId != me && !principal.IsInRole(Roles.Admin)) return ApiProblems.Forbidden("Only the channel's owner creates its boards.");
            (channelId, slug) = (channel.ChannelId, channel.Slug);
        }
        else if (!principal.IsInRole(Roles.Admin))
        {
            return ApiProblems.Forbidden("Only admins create global boards; give channelSlug for one of your channel's boards.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var board = new Leaderboard(Guid.CreateVersion7(), name, game, request.Period!, request.ScoreMode!, LeaderboardKinds.Custom, channelId, me, now);
        db.Leaderboards.Add(board);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/leaderboards/{board.Id}", LeaderboardViews.ToView(board, slug, now));
    }

    internal static async Task<Results<Ok<Page<LeaderboardView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? channel, int? limit, string? cursor, CompetitionDbContext db, ChannelDirectory channels, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        errors.Check(channel is { Length: 0 or > 255 }, "channel", "channel must be a channel's slug.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var boards = db.Leaderboards.AsNoTracking();
        string? slug = null;
        if (channel is not null)
        {
            var found = await channels.FindBySlugAsync(channel, cancellationToken);
            if (found is null) return ApiProblems.NotFound("channel");
            boards = boards.Where(b => b.ChannelId == found.ChannelId);
            slug = found.Slug;
        }
        else
        {
            boards = boards.Where(b => b.ChannelId == null);
        }
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            boards = boards.Where(b => EF.Functions.LessThan(ValueTuple.Create(b.CreatedAt, b.Id), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await boards.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var views = rows.Select(b => LeaderboardViews.ToView(b, slug, now)).ToList();
        return TypedResults.Ok(page.ToPage(views, v => (v.CreatedAt, v.Id)));
    }

    internal static async Task<Results<Ok<LeaderboardView>, ProblemHttpResult>> GetAsync(
        Guid id, LeaderboardCatalog catalog, ChannelDirectory channels, TimeProvider clock, CancellationToken cancellationToken)
    {
        var board = await catalog.FindAsync(id, cancellationToken);
        if (board is null) return ApiProblems.NotFound("leaderboard");
        var slug = board.ChannelId is { } channelId
            ? (await channels.ForIdsAsync([channelId], cancellationToken)).GetValueOrDefault(channelId)?.Slug
            : null;
        return TypedResults.Ok(LeaderboardViews.ToView(board, slug, clock.GetUtcNow().UtcDateTime));
    }

    internal static async Task<Results<Ok<ScoreView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        Guid id, SubmitScoreRequest request, ClaimsPrincipal principal, LeaderboardCatalog catalog, ScoreRecorder recorder, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var board = await catalog.FindAsync(id, cancellationToken);
        if (board is null) return ApiProblems.NotFound("leaderboard");
        if (board.IsBuiltIn) return ApiProblems.Conflict("built-in-board", "This board is kept from the channel's events; it takes no submitted scores.");
        if (board.OwnerId != principal.UserId() && !principal.IsInRole(Roles.Admin)) return ApiProblems.Forbidden("Only the board's owner submits scores.");

        var errors = new FieldErrors();
        var username = request.Username?.Trim().ToLowerInvariant() ?? "";
        var submissionId = request.SubmissionId?.Trim() ?? "";
        errors.Check(username.Length is 0 or > 255, "username", "username is required (at most 255 characters).");
        errors.Check(submissionId.Length is 0 or > 100, "submissionId", "submissionId is required (1–100 characters): the same id again counts once.");
        var lowest = board.ScoreMode == ScoreModes.Best ? 0 : 1;
        if (request.Score is not { } value)
        {
            errors.Add("score", "score is required.");
        }
        else
        {
            errors.Check(!double.IsFinite(value) || value != Math.Floor(value) || value < lowest || value > Scores.Max, "score",
                board.ScoreMode == ScoreModes.Best
                    ? $"A score is a whole number from 0 to {Scores.Max}."
                    : $"An increment is a whole number from 1 to {Scores.Max}.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var now = clock.GetUtcNow().UtcDateTime;
        SubmitResult result;
        try
        {
            result = await recorder.SubmitAsync(board, username, (long)request.Score!.Value, submissionId, now, cancellationToken);
        }
        catch (Exception ex) when (LeaderboardViews.IsUnavailable(ex))
        {
            return LeaderboardViews.Unavailable();
        }
        var period = board.PeriodAt(now).Key;
        return result.Outcome switch
        {
            SubmitOutcome.UnknownUser => ApiProblems.NotFound("user"),
            SubmitOutcome.SubmissionReused => ApiProblems.Conflict("submission-id-reused",
                "This submissionId was already used for a different score or user.", "A retried submission must repeat the same username and score."),
            SubmitOutcome.PeriodClosed => ApiProblems.Conflict("period-closed", "The board's period has been archived."),
            _ => TypedResults.Ok(new ScoreView(board.Id, period, result.UserId!.Value, username, result.Standing?.Score ?? result.Score ?? 0,
                result.Standing?.Rank, result.Standing?.Percentile, result.Standing?.Total, result.Outcome == SubmitOutcome.Replayed)),
        };
    }
}
