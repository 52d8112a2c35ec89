using System.Security.Claims;
using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Tournaments;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Endpoints;

/// <summary>
/// scores are in bracket order (side 1, side 2) and optional; the winner's must be higher.
/// correction: true replaces a recorded result and resets the played matches that depended on it.
/// </summary>
public sealed record ReportResultRequest(string? WinnerChannelSlug, int[]? Scores, bool? Correction);

public sealed record MatchResultView(MatchView Match, string TournamentStatus, IReadOnlyList<Guid> ResetMatchIds);

public static class TournamentMatchesApi
{
    public const int MaxScore = 9_999;

    public static IEndpointRouteBuilder MapTournamentMatchesApi(this IEndpointRouteBuilder app)
    {
        var tournament = app.MapGroup("/api/tournaments/{id:guid}").WithTags("Tournaments");
        tournament.MapGet("/bracket", BracketAsync).WithName("GetTournamentBracket")
            .WithSummary("Every match: round, position, sides (or bye), status, scores, winner, and where its winner and loser go");
        tournament.MapPost("/matches/{matchId:guid}/result", ReportAsync).WithName("ReportMatchResult")
            .WithSummary("Report a result (organiser or admin); the same result again changes nothing, a different one needs correction: true")
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Ok<BracketView>, ProblemHttpResult>> BracketAsync(
        Guid id, CompetitionDbContext db, TournamentViews views, CancellationToken cancellationToken)
    {
        var tournament = await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tournament is null ? ApiProblems.NotFound("tournament") : TypedResults.Ok(await views.BracketAsync(tournament, cancellationToken));
    }

    internal static async Task<Results<Ok<MatchResultView>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        Guid id, Guid matchId, ReportResultRequest request, ClaimsPrincipal principal, CompetitionDbContext db, ChannelDirectory channels,
        TournamentDesk desk, TournamentViews views, CancellationToken cancellationToken)
    {
        var owner = await db.Tournaments.AsNoTracking().Where(t => t.Id == id).Select(t => (Guid?)t.OwnerId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return ApiProblems.NotFound("tournament");
        if (owner != principal.UserId() && !principal.IsInRole(Roles.Admin)) return ApiProblems.Forbidden("Only the organiser reports results.");

        var errors = new FieldErrors();
        errors.Check(request.WinnerChannelSlug is not { Length: > 0 and <= 255 }, "winnerChannelSlug", "winnerChannelSlug is required: the winning channel.");
        errors.Check(request.Scores is not null && (request.Scores.Length != 2 || request.Scores.Any(s => s is < 0 or > MaxScore)), "scores",
            $"scores are two numbers from 0 to {MaxScore}, side 1's then side 2's.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var winner = await channels.FindBySlugAsync(request.WinnerChannelSlug!, cancellationToken);
        if (winner is null) return NotASide();
        var match = await db.TournamentMatches.AsNoTracking().SingleOrDefaultAsync(m => m.Id == matchId && m.TournamentId == id, cancellationToken);
        if (match is null) return ApiProblems.NotFound("match");
        int? score1 = request.Scores?[0], score2 = request.Scores?[1];
        if (score1 is { } s1 && score2 is { } s2)
        {
            var winnerParticipant = await db.TournamentParticipants.AsNoTracking()
                .Where(p => p.TournamentId == id && p.ChannelId == winner.ChannelId).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken);
            // A winner who is not a side is answered below (not ready, or not a side); only a real side's scores are checked.
            var side = winnerParticipant is null ? 0 : winnerParticipant == match.Side1Id ? 1 : winnerParticipant == match.Side2Id ? 2 : 0;
            if (side != 0 && (side == 1 ? s1 <= s2 : s2 <= s1))
            {
                return TypedResults.ValidationProblem(new FieldErrors().Add("scores", "The winner's score must be higher than the loser's.").ToDictionary());
            }
        }

        var result = await desk.ReportAsync(id, matchId, winner.ChannelId, score1, score2, request.Correction ?? false, cancellationToken);
        switch (result.Outcome)
        {
            case DeskOutcome.NotFound:
                return ApiProblems.NotFound("tournament");
            case DeskOutcome.MatchNotFound:
                return ApiProblems.NotFound("match");
            case DeskOutcome.NotASide:
                return NotASide();
            case DeskOutcome.WrongStatus:
                return ApiProblems.Conflict("tournament-not-active",
                    $"Results are reported while the tournament is active; it is {result.Tournament!.Status}.");
            case DeskOutcome.NotReady:
                return ApiProblems.Conflict("match-not-ready", "This match cannot be played yet: a side is not decided.",
                    $"The match is {result.Match!.Status}.");
            case DeskOutcome.Bye:
                return ApiProblems.Conflict("match-is-bye", "A bye is decided by the bracket; it takes no result.");
            case DeskOutcome.Conflict:
                return ApiProblems.Conflict("result-conflict", "A different result is already recorded for this match.",
                    "Send correction: true to replace it; matches that depended on it are reset.");
        }
        var bracket = await views.BracketAsync(result.Tournament!, cancellationToken);
        return TypedResults.Ok(new MatchResultView(bracket.Matches.Single(m => m.Id == matchId), result.Tournament!.Status, result.ResetMatchIds ?? []));
    }

    private static ValidationProblem NotASide() =>
        TypedResults.ValidationProblem(new FieldErrors().Add("winnerChannelSlug", "That channel does not play in this match.").ToDictionary());
}
