using System.Security.Claims;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Hubs;
using AeThexLive.Chat.Rooms;
using AeThexLive.Messaging;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Endpoints;

public sealed record CreatePollRequest(string? Question, string[]? Options, int? DurationSeconds);

public sealed record VoteRequest(Guid? OptionId);

public static class PollsApi
{
    public static IEndpointRouteBuilder MapPollsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/streams/{id:guid}/polls", CreateAsync).WithTags("Polls").WithName("CreatePoll")
            .WithSummary("Open a poll in a live stream's chat (owner, moderators): 2–5 options, 15–1800 s").RequireAuthorization();
        var polls = app.MapGroup("/api/polls/{id:guid}").WithTags("Polls");
        polls.MapGet("/", GetAsync).WithName("GetPoll").WithSummary("A poll with its options and tallies");
        polls.MapPost("/votes", VoteAsync).WithName("VotePoll").WithSummary("Vote, or change your vote while the poll is open").RequireAuthorization();
        polls.MapPost("/end", EndAsync).WithName("EndPoll").WithSummary("Close a poll now (owner, moderators)").RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Created<PollView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid id, CreatePollRequest request, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var question = request.Question?.Trim() ?? "";
        var options = request.Options?.Select(o => o?.Trim() ?? "").ToList() ?? [];
        errors.Check(question.Length is 0 or > 100, "question", "The question is 1–100 characters.");
        errors.Check(options.Count is < 2 or > 5, "options", "A poll has 2–5 options.");
        errors.Check(options.Any(o => o.Length is 0 or > 100), "options", "Each option is 1–100 characters.");
        errors.Check(options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count, "options", "Options must differ.");
        errors.Check(request.DurationSeconds is not (>= 15 and <= 1800), "durationSeconds", "A poll runs 15–1800 seconds.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var stream = await db.StreamReplicas.AsNoTracking().SingleOrDefaultAsync(s => s.StreamId == id, cancellationToken);
        if (stream is null) return ApiProblems.NotFound("stream");
        if (!await authority.CanModerateAsync(stream.ChannelId, stream.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's owner and moderators open polls.");
        if (!stream.IsLive) return ApiProblems.Conflict("stream-not-live", "Polls run in live streams only.");
        if (await db.Polls.AnyAsync(p => p.StreamId == id && p.Status == PollStatuses.Active, cancellationToken)) return PollRunning();

        var poll = new Poll(Guid.CreateVersion7(), id, question, options, request.DurationSeconds, clock.GetUtcNow().UtcDateTime);
        db.Polls.Add(poll);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation("polls"))
        {
            return PollRunning();
        }
        var view = PollBox.ToView(poll);
        await hub.Clients.Group(ChatRoom.RoomName(id)).PollStarted(view);
        return TypedResults.Created($"/api/polls/{poll.Id}", view);
    }

    private static ProblemHttpResult PollRunning() =>
        ApiProblems.Conflict("poll-running", "A poll is already running in this stream; end it first.");

    internal static async Task<Results<Ok<PollView>, ProblemHttpResult>> GetAsync(Guid id, ChatDbContext db, CancellationToken cancellationToken)
    {
        var poll = await db.Polls.AsNoTracking().Include(p => p.Options).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return poll is null ? ApiProblems.NotFound("poll") : TypedResults.Ok(PollBox.ToView(poll));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> VoteAsync(
        Guid id, VoteRequest request, ClaimsPrincipal principal, PollBox polls, CancellationToken cancellationToken)
    {
        if (request.OptionId is not { } optionId) return TypedResults.ValidationProblem(new FieldErrors().Add("optionId", "optionId is required.").ToDictionary());
        return Answer(await polls.VoteAsync(id, principal.UserId(), optionId, cancellationToken));
    }

    internal static Results<NoContent, ValidationProblem, ProblemHttpResult> Answer(VoteOutcome outcome) => outcome switch
    {
        VoteOutcome.Counted => TypedResults.NoContent(),
        VoteOutcome.PollNotFound => ApiProblems.NotFound("poll"),
        VoteOutcome.Closed => ApiProblems.Conflict(ProblemType(outcome), Describe(outcome)),
        VoteOutcome.Banned => ApiProblems.Of(StatusCodes.Status403Forbidden, ProblemType(outcome), Describe(outcome)),
        _ => TypedResults.ValidationProblem(new FieldErrors().Add("optionId", Describe(outcome)).ToDictionary()),
    };

    /// <summary>The code a refused vote carries, on HTTP (its problem type) and on the hub alike.</summary>
    public static string ProblemType(VoteOutcome outcome) => outcome switch
    {
        VoteOutcome.PollNotFound => "not-found",
        VoteOutcome.Closed => "poll-closed",
        VoteOutcome.UnknownOption => "no-such-option",
        VoteOutcome.Banned => "banned-from-chat",
        _ => "",
    };

    public static string Describe(VoteOutcome outcome) => outcome switch
    {
        VoteOutcome.PollNotFound => "No such poll.",
        VoteOutcome.Closed => "The poll has ended.",
        VoteOutcome.UnknownOption => "That option is not part of this poll.",
        VoteOutcome.Banned => "You are banned or timed out in this chat.",
        _ => "",
    };

    internal static async Task<Results<Ok<PollView>, ProblemHttpResult>> EndAsync(
        Guid id, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, PollBox polls, CancellationToken cancellationToken)
    {
        var poll = await db.Polls.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (poll is null) return ApiProblems.NotFound("poll");
        var stream = await db.StreamReplicas.AsNoTracking().SingleAsync(s => s.StreamId == poll.StreamId, cancellationToken);
        if (!await authority.CanModerateAsync(stream.ChannelId, stream.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's owner and moderators end polls.");
        return TypedResults.Ok((await polls.EndAsync(id, cancellationToken))!);
    }
}
