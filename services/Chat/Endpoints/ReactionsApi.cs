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
            ReactionOutcome.StreamNotLive => ApiProblems.Conflict("stream-not-live", Describe(outcome)),
            _ => ApiProblems.Of(StatusCodes.Status429TooManyRequests, "reactions-rate-limited", Describe(outcome)),
        };
    }

    public static string Describe(ReactionOutcome outcome) => outcome switch
    {
        ReactionOutcome.NotAllowed => $"Reactions are one of {string.Join(' ', Reactions.Allowed)}.",
        ReactionOutcome.StreamNotFound => "No such stream.",
        ReactionOutcome.StreamNotLive => "The stream has ended.",
        ReactionOutcome.RateLimited => $"At most {Reactions.PerWindow} reactions per {Reactions.Window.TotalSeconds:0} seconds.",
        _ => "",
    };
}
