using System.Security.Claims;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Hubs;
using AeThexLive.Chat.Rooms;
using AeThexLive.Contracts.Chat;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Endpoints;

public sealed record ReportRequest(string? Reason);

public sealed record ReportView(
    Guid Id, Guid? StreamId, Guid? MessageId, string? Message, Guid? AuthorId, Guid ReportedBy, string? Reason, string Status, DateTime CreatedAt)
{
    public static ReportView Of(ModerationReport report, ChatMessage? message) => new(
        report.Id, report.StreamId, report.MessageId, message?.Message, message?.UserId, report.ReportedBy, report.Reason, report.Status, report.CreatedAt);
}

/// <summary>One message: its removal by someone entitled to, and viewers' reports of it.</summary>
public static class MessageModerationApi
{
    public static IEndpointRouteBuilder MapMessageModerationApi(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/chat/messages/{id:guid}").WithTags("Moderation").RequireAuthorization();
        messages.MapDelete("/", DeleteAsync).WithName("DeleteChatMessage")
            .WithSummary("Remove a message (its author, the channel owner, a moderator or an admin)");
        messages.MapPost("/reports", ReportAsync).WithName("ReportChatMessage").WithSummary("Report a message to the channel's moderators");
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var message = await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null || message.IsDeleted) return ApiProblems.NotFound("message");
        var stream = await db.StreamReplicas.AsNoTracking().SingleAsync(s => s.StreamId == message.StreamId, cancellationToken);
        if (message.UserId != principal.UserId() && !await authority.CanModerateAsync(stream.ChannelId, stream.OwnerId, principal, cancellationToken))
        {
            return ApiProblems.Forbidden("Only the author, the channel's owner and its moderators may delete a message.");
        }

        message.Delete();
        db.AddEvent(new ChatMessageDeleted(message.Id, message.StreamId, principal.UserId(), clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await hub.Clients.Group(ChatRoom.RoomName(message.StreamId)).MessageDeleted(new MessageDeletedNotice(message.Id, message.StreamId));
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Created<ReportView>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        Guid id, ReportRequest request, ClaimsPrincipal principal, ChatDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        if (reason is { Length: > 255 }) return TypedResults.ValidationProblem(new FieldErrors().Add("reason", "A reason is at most 255 characters.").ToDictionary());
        var message = await db.ChatMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && !m.IsDeleted, cancellationToken);
        if (message is null) return ApiProblems.NotFound("message");
        var me = principal.UserId();
        if (message.UserId == me) return ApiProblems.Of(StatusCodes.Status400BadRequest, "cannot-report-yourself", "You cannot report your own message.");
        if (await db.ModerationQueue.AnyAsync(r => r.MessageId == id && r.ReportedBy == me && r.Status == ReportStatuses.Pending, cancellationToken))
        {
            return ApiProblems.Conflict("already-reported", "You already reported this message.");
        }

        var report = new ModerationReport(Guid.CreateVersion7(), message.StreamId, message.Id, me, string.IsNullOrEmpty(reason) ? null : reason,
            clock.GetUtcNow().UtcDateTime);
        db.ModerationQueue.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/moderation-queue/{report.Id}", ReportView.Of(report, message));
    }
}
