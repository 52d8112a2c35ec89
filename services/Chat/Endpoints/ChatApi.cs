using System.Globalization;
using System.Security.Claims;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Rooms;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Endpoints;

public sealed record PostMessageRequest(string? Message);

public sealed record ChatHistoryPage(IReadOnlyList<ChatMessageView> Items, DateTime? NextBefore);

public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/api/streams/{id:guid}/chat").WithTags("Chat");
        chat.MapGet("/", HistoryAsync).WithName("ChatHistory").WithSummary("A stream's chat, newest first (before= for older pages)");
        chat.MapPost("/", PostAsync).WithName("PostChatMessage").WithSummary("Send a message, exactly as the hub's SendMessage does")
            .RequireAuthorization();
        return app;
    }

    private sealed record HistoryRow(Guid Id, Guid StreamId, Guid UserId, string Message, DateTime CreatedAt, string? Username, string? Tier);

    // Every viewer opening a room reads its latest page (a raid is thousands at once): both queries
    // are translated once rather than per request.
    private static readonly Func<ChatDbContext, Guid, CancellationToken, Task<Guid?>> ChannelOfStream =
        EF.CompileAsyncQuery((ChatDbContext db, Guid streamId, CancellationToken _) =>
            db.StreamReplicas.Where(s => s.StreamId == streamId).Select(s => (Guid?)s.ChannelId).FirstOrDefault());

    private static readonly Func<ChatDbContext, Guid, Guid, DateTime?, int, IAsyncEnumerable<HistoryRow>> PageOf =
        EF.CompileAsyncQuery((ChatDbContext db, Guid streamId, Guid channelId, DateTime? before, int take) =>
            db.ChatMessages.AsNoTracking()
                .Where(m => m.StreamId == streamId && !m.IsDeleted && !m.IsHeld && (before == null || m.CreatedAt < before))
                .OrderByDescending(m => m.CreatedAt).Take(take)
                .Select(m => new HistoryRow(m.Id, m.StreamId, m.UserId, m.Message, m.CreatedAt,
                    db.UserReplicas.Where(u => u.UserId == m.UserId).Select(u => u.Username).FirstOrDefault(),
                    db.SubscriberReplicas.Where(r => r.ChannelId == channelId && r.UserId == m.UserId && !r.Ended).Select(r => r.Tier)
                        .FirstOrDefault())));

    internal static async Task<Results<Ok<ChatHistoryPage>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        Guid id, DateTime? before, int? limit, ChatDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(limit is < 1 or > PageRequest.MaxLimit, "limit", $"Limit must be between 1 and {PageRequest.MaxLimit}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (await ChannelOfStream(db, id, cancellationToken) is not { } channelId) return ApiProblems.NotFound("stream");

        var take = limit ?? 50;
        var rows = new List<HistoryRow>(take + 1);
        await foreach (var row in PageOf(db, id, channelId, before?.ToUniversalTime(), take + 1).WithCancellation(cancellationToken)) rows.Add(row);
        var items = rows.Take(take).Select(m => new ChatMessageView(m.Id, m.StreamId, m.UserId, m.Username ?? "", m.Message, m.CreatedAt,
            SubscriberTier: m.Tier)).ToList();
        return TypedResults.Ok(new ChatHistoryPage(items, rows.Count > take ? items[^1].CreatedAt : null));
    }

    internal static async Task<Results<Created<ChatMessageView>, Accepted<ChatMessageView>, ValidationProblem, ProblemHttpResult>> PostAsync(
        Guid id, PostMessageRequest request, ClaimsPrincipal principal, HttpContext context, ChatRoom room, CancellationToken cancellationToken)
    {
        var result = await room.PostAsync(id, principal.UserId(), principal.Username(), request.Message, cancellationToken);
        var type = ProblemType(result);
        switch (result.Outcome)
        {
            case PostOutcome.Posted:
                return TypedResults.Created($"/api/streams/{id}/chat", result.Message!);
            case PostOutcome.Held:
                return TypedResults.Accepted($"/api/streams/{id}/chat", result.Message!);
            case PostOutcome.NotAllowedByChannel or PostOutcome.Banned:
                return ApiProblems.Of(StatusCodes.Status403Forbidden, type, result.Error!, extensions: new() { ["until"] = result.Until });
            case PostOutcome.Invalid:
                return TypedResults.ValidationProblem(new FieldErrors().Add("message", result.Error!).ToDictionary());
            case PostOutcome.StreamNotFound:
                return ApiProblems.NotFound("stream");
            case PostOutcome.StreamNotLive:
                return ApiProblems.Conflict(type, result.Error!);
            default:
                var seconds = Math.Max(1, (int)Math.Ceiling((result.Until!.Value - DateTime.UtcNow).TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ApiProblems.Of(StatusCodes.Status429TooManyRequests, type, result.Error!);
        }
    }

    /// <summary>The code a refused message carries, on HTTP (its problem type) and on the hub alike.</summary>
    public static string ProblemType(PostResult result) => result.Outcome switch
    {
        PostOutcome.NotAllowedByChannel => "chat-mode",
        PostOutcome.Invalid => "invalid-message",
        PostOutcome.StreamNotFound => "not-found",
        PostOutcome.StreamNotLive => "stream-not-live",
        PostOutcome.Banned => "banned-from-chat",
        PostOutcome.RateLimited => "chat-rate-limited",
        _ => "",
    };
}
