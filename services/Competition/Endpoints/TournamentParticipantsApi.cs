using System.Security.Claims;
using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Tournaments;
using AeThexLive.Messaging;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Endpoints;

public sealed record JoinTournamentRequest(string? ChannelSlug);

public static class TournamentParticipantsApi
{
    public static IEndpointRouteBuilder MapTournamentParticipantsApi(this IEndpointRouteBuilder app)
    {
        var participants = app.MapGroup("/api/tournaments/{id:guid}/participants").WithTags("Tournaments");
        participants.MapPost("/", JoinAsync).WithName("JoinTournament")
            .WithSummary("Enter the tournament with a channel you own, while registration is open").RequireAuthorization();
        participants.MapDelete("/", LeaveAsync).WithName("LeaveTournament")
            .WithSummary("Leave before the start, or withdraw after it (your remaining matches are forfeited)").RequireAuthorization();
        participants.MapDelete("/{channelSlug}", RemoveAsync).WithName("RemoveTournamentParticipant")
            .WithSummary("Take a channel out (organiser, admin or the channel's owner); after the start its remaining matches are forfeited")
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Created<TournamentView>, ValidationProblem, ProblemHttpResult>> JoinAsync(
        Guid id, JoinTournamentRequest request, ClaimsPrincipal principal, ChannelDirectory channels, TournamentDesk desk, TournamentViews views,
        CancellationToken cancellationToken)
    {
        if (request.ChannelSlug is not { Length: > 0 and <= 255 } slug)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("channelSlug", "channelSlug is required: the channel you enter with.").ToDictionary());
        }
        var channel = await channels.FindBySlugAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        var me = principal.UserId();
        if (channel.OwnerId != me) return ApiProblems.Forbidden("You can only enter a channel you own.");

        DeskResult result;
        try
        {
            result = await desk.JoinAsync(id, me, channel, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation("tournament_participants"))
        {
            return AlreadyIn();
        }
        return result.Outcome switch
        {
            DeskOutcome.Done => TypedResults.Created($"/api/tournaments/{id}", await views.ViewAsync(result.Tournament!, cancellationToken)),
            DeskOutcome.NotFound => ApiProblems.NotFound("tournament"),
            DeskOutcome.Full => ApiProblems.Conflict("tournament-full", $"All {result.Tournament!.MaxParticipants} places are taken."),
            DeskOutcome.AlreadyJoined => AlreadyIn(),
            _ => ApiProblems.Conflict("registration-closed", $"Registration is not open: the tournament is {result.Tournament!.Status}."),
        };
    }

    internal static async Task<Results<Ok<TournamentView>, ProblemHttpResult>> LeaveAsync(
        Guid id, ClaimsPrincipal principal, TournamentDesk desk, TournamentViews views, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        return await Answer(await desk.LeaveAsync(id, p => p.UserId == me, cancellationToken), views, cancellationToken);
    }

    internal static async Task<Results<Ok<TournamentView>, ProblemHttpResult>> RemoveAsync(
        Guid id, string channelSlug, ClaimsPrincipal principal, CompetitionDbContext db, ChannelDirectory channels, TournamentDesk desk,
        TournamentViews views, CancellationToken cancellationToken)
    {
        var owner = await db.Tournaments.AsNoTracking().Where(t => t.Id == id).Select(t => (Guid?)t.OwnerId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return ApiProblems.NotFound("tournament");
        var channel = await channels.FindBySlugAsync(channelSlug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        var me = principal.UserId();
        if (owner != me && channel.OwnerId != me && !principal.IsInRole(Roles.Admin))
        {
            return ApiProblems.Forbidden("Only the organiser, an admin or the channel's owner takes a channel out.");
        }
        return await Answer(await desk.LeaveAsync(id, p => p.ChannelId == channel.ChannelId, cancellationToken), views, cancellationToken);
    }

    private static async Task<Results<Ok<TournamentView>, ProblemHttpResult>> Answer(
        DeskResult result, TournamentViews views, CancellationToken cancellationToken) =>
        result.Outcome switch
        {
            DeskOutcome.NotFound => ApiProblems.NotFound("tournament"),
            DeskOutcome.NotParticipant => ApiProblems.Of(StatusCodes.Status404NotFound, "not-a-participant", "That channel is not in this tournament."),
            DeskOutcome.WrongStatus => ApiProblems.Conflict("tournament-over", $"The tournament has {result.Tournament!.Status}; its field is final."),
            _ => TypedResults.Ok(await views.ViewAsync(result.Tournament!, cancellationToken)),
        };

    private static ProblemHttpResult AlreadyIn() => ApiProblems.Conflict("already-joined", "You, or this channel, are already in this tournament.");
}
