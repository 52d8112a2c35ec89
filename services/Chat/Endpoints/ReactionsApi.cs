using System.Security.Claims;
using AeThexLive.Chat.Rooms;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AeThexLive.Chat.Endpoints;

public sealed record ReactionRequest(string? Emoji);

public static class ReactionsApi
{
    public static IEndpointRouteBuilder MapReactionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/streams/{id:guid}/reactions", ReactAsync).WithTags("Reactions").WithName("React")
            .WithSummary("React with an emoji from the allowed set (10 per 10 s); rooms get counts twice a second").RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> ReactAsync(
        Guid id, ReactionRequest request, ClaimsPrincipal principal, Reactions reactions, CancellationToken cancellationToken)
    {
        var outcome = await reactions.ReactAsync(id, principal.UserId(), request.Emoji, cancellationToken);
        return outcome switch
        {
            ReactionOutcome.Counted => TypedResults.Accepted((string?)null),
            ReactionOutcome.NotAllowed => TypedResults.ValidationProblem(new FieldErrors().Add("emoji", Describe(outcome)).ToDictionary()),
            ReactionOutcome.StreamNotFound => ApiProblems.NotFound("stream"),
            ReactionOutcome.StreamNotLive => ApiProblems.Conflict(ProblemType(outcome), Describe(outcome)),
            ReactionOutcome.Banned => ApiProblems.Of(StatusCodes.Status403Forbidden, ProblemType(outcome), Describe(outcome)),
            _ => ApiProblems.Of(StatusCodes.Status429TooManyRequests, ProblemType(outcome), Describe(outcome)),
        };
    }

    /// <summary>The code a refused reaction carries, on HTTP (its problem type) and on the hub alike.</summary>
    public static string ProblemType(ReactionOutcome outcome) => outcome switch
    {
        ReactionOutcome.NotAllowed => "emoji-not-allowed",
        ReactionOutcome.StreamNotFound => "not-found",
        ReactionOutcome.StreamNotLive => "stream-not-live",
        ReactionOutcome.Banned => "banned-from-chat",
        ReactionOutcome.RateLimited => "reactions-rate-limited",
        _ => "",
    };

    public static string Describe(ReactionOutcome outcome) => outcome switch
    {
        ReactionOutcome.NotAllowed => $"Reactions are one of {string.Join(' ', Reactions.Allowed)}.",
        ReactionOutcome.StreamNotFound => "No such stream.",
        ReactionOutcome.StreamNotLive => "The stream has ended.",
        ReactionOutcome.RateLimited => $"At most {Reactions.PerWindow} reactions per {Reactions.Window.TotalSeconds:0} seconds.",
        ReactionOutcome.Banned => "You are banned or timed out in this chat.",
        _ => "",
    };
}
