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

    internal static async Task<Results<Ok<ChatHistoryPage>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        Guid id, DateTime? before, int? limit, ChatDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(limit is < 1 or > PageRequest.MaxLimit, "limit", $"Limit must be between 1 and {PageRequest.MaxLimit}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channelId = await db.StreamReplicas.Where(s => s.StreamId == id).Select(s => (Guid?)s.ChannelId).FirstOrDefaultAsync(cancellationToken);
        if (channelId is null) return ApiProblems.NotFound("stream");

        var take = limit ?? 50;
        var messages = db.ChatMessages.AsNoTracking().Where(m => m.StreamId == id && !m.IsDeleted && !m.IsHeld);
        if (before is { } cutoff) messages = messages.Where(m => m.CreatedAt < cutoff.ToUniversalTime());
        var rows = await messages.OrderByDescending(m => m.CreatedAt).Take(take + 1)
            .Select(m => new
            {
                m.Id, m.StreamId, m.UserId, m.Message, m.CreatedAt,
                Username = db.UserReplicas.Where(u => u.UserId == m.UserId).Select(u => u.Username).FirstOrDefault(),
                Tier = db.SubscriberReplicas.Where(r => r.ChannelId == channelId && r.UserId == m.UserId && !r.Ended).Select(r => r.Tier)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
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
