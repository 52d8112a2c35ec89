using System.Security.Claims;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Tournaments;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.Competition.Tournaments;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Endpoints;

/// <summary>prizePool and prizePoolCents are the same amount in cents (the issue's name and schema.sql's); send one.</summary>
public sealed record CreateTournamentRequest(
    string? Name, string? Description, string? Game, string? Format, int? MaxParticipants, DateTime? RegistrationOpensAt, DateTime? StartsAt,
    bool? ThirdPlaceMatch, string? Seeding, Guid? LeaderboardId, int? PrizePool, int? PrizePoolCents);

public static class TournamentsApi
{
    public static IEndpointRouteBuilder MapTournamentsApi(this IEndpointRouteBuilder app)
    {
        var tournaments = app.MapGroup("/api/tournaments").WithTags("Tournaments");
        tournaments.MapPost("/", CreateAsync).WithName("CreateTournament")
            .WithSummary("Create a tournament (creators): single_elimination, double_elimination or round_robin").RequireAuthorization();
        tournaments.MapGet("/", ListAsync).WithName("ListTournaments").WithSummary("Tournaments, newest first, by status and game");
        tournaments.MapGet("/{id:guid}", GetAsync).WithName("GetTournament")
            .WithSummary("A tournament with its participants (seed, live flag, final placement)");
        tournaments.MapPost("/{id:guid}/registration", OpenRegistrationAsync).WithName("OpenTournamentRegistration")
            .WithSummary("Open registration now, before registrationOpensAt (organiser or admin)").RequireAuthorization();
        tournaments.MapPost("/{id:guid}/start", StartAsync).WithName("StartTournament")
            .WithSummary("Fix the seeds and draw the bracket (organiser or admin)").RequireAuthorization();
        tournaments.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelTournament")
            .WithSummary("Cancel a tournament that has not ended (organiser or admin)").RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Created<TournamentView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTournamentRequest request, ClaimsPrincipal principal, CompetitionDbContext db, LeaderboardCatalog boards, TournamentViews views,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!principal.IsInRole(Roles.Creator) && !principal.IsInRole(Roles.Admin))
        {
            return ApiProblems.Forbidden("Only creators organise tournaments: open a channel first.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        var name = request.Name?.Trim() ?? "";
        var game = request.Game?.Trim() ?? "";
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        var format = request.Format ?? "";
        var seeding = request.Seeding ?? SeedingMethods.Registration;
        var opensAt = request.RegistrationOpensAt?.ToUniversalTime() ?? now;
        errors.Check(name.Length is 0 or > 100, "name", "Name must be 1–100 characters.");
        errors.Check(game.Length is 0 or > 100, "game", "Game must be 1–100 characters.");
        errors.Check(description is { Length: > 2000 }, "description", "Description must be at most 2000 characters.");
        if (errors.Check(!TournamentFormats.All.Contains(format), "format", $"Format must be one of {string.Join(", ", TournamentFormats.All)}."))
        {
            var most = TournamentFormats.MaxParticipants(format);
            errors.Check(request.MaxParticipants is not { } max || max < 2 || max > most, "maxParticipants",
                $"A {format} tournament takes 2–{most} participants.");
            errors.Check(request.ThirdPlaceMatch == true && format != TournamentFormats.SingleElimination, "thirdPlaceMatch",
                "Only single elimination has a third-place match.");
        }
        errors.Check(!SeedingMethods.All.Contains(seeding), "seeding", $"Seeding must be one of {string.Join(", ", SeedingMethods.All)}.");
        errors.Check(seeding == SeedingMethods.Leaderboard && request.LeaderboardId is null, "leaderboardId", "Seeding by leaderboard needs leaderboardId.");
        errors.Check(seeding != SeedingMethods.Leaderboard && request.LeaderboardId is not null, "leaderboardId", "leaderboardId is for seeding: leaderboard.");
        errors.Check(request.StartsAt is null, "startsAt", "startsAt is required.");
        errors.Check(request.StartsAt is { } startsAt && startsAt.ToUniversalTime() < opensAt, "startsAt", "The tournament starts after registration opens.");
        errors.Check(request.RegistrationOpensAt is { } opens && opens.ToUniversalTime() > now.AddYears(1), "registrationOpensAt",
            "Registration opens within a year.");
        errors.Check(request.PrizePool is not null && request.PrizePoolCents is not null && request.PrizePool != request.PrizePoolCents, "prizePool",
            "prizePool and prizePoolCents name the same amount; send one.");
        var prize = request.PrizePoolCents ?? request.PrizePool;
        errors.Check(prize is < 0, "prizePoolCents", "The prize pool is a number of cents, 0 or more.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (request.LeaderboardId is { } boardId && await boards.FindAsync(boardId, cancellationToken) is null) return ApiProblems.NotFound("leaderboard");

        var tournament = new Tournament(Guid.CreateVersion7(), name, description, principal.UserId(), game, format, request.MaxParticipants!.Value, opensAt,
            request.StartsAt!.Value.ToUniversalTime(), request.ThirdPlaceMatch ?? false, seeding, request.LeaderboardId, prize, now);
        db.Tournaments.Add(tournament);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tournaments/{tournament.Id}", await views.ViewAsync(tournament, cancellationToken));
    }

    internal static async Task<Results<Ok<Page<TournamentSummary>>, ValidationProblem>> ListAsync(
        string? status, string? game, int? limit, string? cursor, CompetitionDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        errors.Check(status is not null && !TournamentStatuses.All.Contains(status), "status",
            $"Status is one of {string.Join(", ", TournamentStatuses.All)}.");
        errors.Check(game is { Length: 0 or > 100 }, "game", "Game must be 1–100 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var tournaments = db.Tournaments.AsNoTracking();
        if (status is not null) tournaments = tournaments.Where(t => t.Status == status);
        if (game is not null) tournaments = tournaments.Where(t => t.Game != null && t.Game.ToLower() == game.Trim().ToLower());
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            tournaments = tournaments.Where(t => EF.Functions.LessThan(ValueTuple.Create(t.CreatedAt, t.Id), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await tournaments.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(page.Limit + 1)
            .Select(t => new TournamentSummary(t.Id, t.Name, t.Game, t.Format, t.Status, t.MaxParticipants ?? 0,
                db.TournamentParticipants.Count(p => p.TournamentId == t.Id), t.RegistrationOpensAt, t.StartsAt, t.OwnerId, t.PrizePoolCents, t.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, t => (t.CreatedAt, t.Id)));
    }

    internal static async Task<Results<Ok<TournamentView>, ProblemHttpResult>> GetAsync(
        Guid id, CompetitionDbContext db, TournamentViews views, CancellationToken cancellationToken)
    {
        var tournament = await db.Tournaments.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        return tournament is null ? ApiProblems.NotFound("tournament") : TypedResults.Ok(await views.ViewAsync(tournament, cancellationToken));
    }

    internal static Task<Results<Ok<TournamentView>, ProblemHttpResult>> OpenRegistrationAsync(
        Guid id, ClaimsPrincipal principal, CompetitionDbContext db, TournamentDesk desk, TournamentViews views, CancellationToken cancellationToken) =>
        AsOrganiserAsync(id, principal, db, views, cancellationToken, async () => await desk.OpenRegistrationAsync(id, cancellationToken), result =>
            ApiProblems.Conflict("registration-not-openable", $"Registration opens only for a draft tournament; this one is {result.Tournament!.Status}."));

    internal static Task<Results<Ok<TournamentView>, ProblemHttpResult>> StartAsync(
        Guid id, ClaimsPrincipal principal, CompetitionDbContext db, TournamentDesk desk, TournamentViews views, CancellationToken cancellationToken) =>
        AsOrganiserAsync(id, principal, db, views, cancellationToken, async () => await desk.StartAsync(id, cancellationToken), result =>
            result.Outcome == DeskOutcome.TooFew
            ? ApiProblems.Conflict("not-enough-participants", "A tournament starts with at least two participants.")
            : ApiProblems.Conflict("not-startable", $"A tournament starts from registration; this one is {result.Tournament!.Status}."));

    internal static Task<Results<Ok<TournamentView>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal principal, CompetitionDbContext db, TournamentDesk desk, TournamentViews views, CancellationToken cancellationToken) =>
        AsOrganiserAsync(id, principal, db, views, cancellationToken, async () => await desk.CancelAsync(id, cancellationToken), result =>
            ApiProblems.Conflict("not-cancellable", $"A tournament that has {result.Tournament!.Status} cannot be cancelled."));

    /// <summary>Runs a lifecycle step for the organiser or an admin; a step already taken answers as if just done.</summary>
    private static async Task<Results<Ok<TournamentView>, ProblemHttpResult>> AsOrganiserAsync(
        Guid id, ClaimsPrincipal principal, CompetitionDbContext db, TournamentViews views, CancellationToken cancellationToken,
        Func<Task<DeskResult>> step, Func<DeskResult, ProblemHttpResult> refusal)
    {
        var owner = await db.Tournaments.AsNoTracking().Where(t => t.Id == id).Select(t => (Guid?)t.OwnerId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return ApiProblems.NotFound("tournament");
        if (owner != principal.UserId() && !principal.IsInRole(Roles.Admin)) return ApiProblems.Forbidden("Only the organiser runs the tournament.");
        var result = await step();
        return result.Outcome switch
        {
            DeskOutcome.NotFound => ApiProblems.NotFound("tournament"),
            DeskOutcome.Done or DeskOutcome.Unchanged => TypedResults.Ok(await views.ViewAsync(result.Tournament!, cancellationToken)),
            _ => refusal(result),
        };
    }
}
