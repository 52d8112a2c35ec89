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

public sealed record ResolveReportRequest(string? Decision);

/// <summary>The reports (and held messages) a channel's moderators decide on.</summary>
public static class ModerationQueueApi
{
    public static IEndpointRouteBuilder MapModerationQueueApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels/{slug}/moderation-queue", QueueAsync).WithTags("Moderation").WithName("ModerationQueue")
            .WithSummary("Pending reports, newest first (owner, moderators)").RequireAuthorization();
        app.MapPost("/api/moderation-queue/{id:guid}", ResolveAsync).WithTags("Moderation").WithName("ResolveReport")
            .WithSummary("approve (the message goes) or reject (it stays)").RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Ok<Page<ReportView>>, ValidationProblem, ProblemHttpResult>> QueueAsync(
        string slug, int? limit, string? cursor, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken))
        {
            return ApiProblems.Forbidden("Only the channel's moderators see its queue.");
        }

        var reports = db.ModerationQueue.AsNoTracking().Where(r => r.Status == ReportStatuses.Pending
            && db.StreamReplicas.Any(s => s.StreamId == r.StreamId && s.ChannelId == channel.ChannelId));
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            reports = reports.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.CreatedAt, r.Id), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await reports.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(page.Limit + 1)
            .Select(r => new { Report = r, Message = db.ChatMessages.FirstOrDefault(m => m.Id == r.MessageId) })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(x => ReportView.Of(x.Report, x.Message)).ToList(), v => (v.CreatedAt, v.Id)));
    }

    internal static async Task<Results<Ok<ReportView>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid id, ResolveReportRequest request, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority,
        IHubContext<ChatHub, IChatClient> hub, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Decision is not ("approve" or "reject"))
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("decision", "decision is approve (remove the message) or reject (keep it).").ToDictionary());
        }
        // Two moderators resolving the same report at once: the row lock lets one decide; the
        // other then sees it resolved, so a held message is released (and announced) once.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var report = (await db.ModerationQueue.FromSql($"SELECT * FROM moderation_queue WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken))
            .SingleOrDefault();
        if (report is null) return ApiProblems.NotFound("report");
        var stream = await db.StreamReplicas.AsNoTracking().SingleAsync(s => s.StreamId == report.StreamId, cancellationToken);
        if (!await authority.CanModerateAsync(stream.ChannelId, stream.OwnerId, principal, cancellationToken))
        {
            return ApiProblems.Forbidden("Only the channel's moderators resolve its reports.");
        }
        if (!report.IsPending) return ApiProblems.Conflict("report-resolved", $"The report was already {report.Status}.");

        var message = await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == report.MessageId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        // A held message was never shown: approving keeps it out, rejecting releases it to the room.
        var wasHeld = message is { IsHeld: true, IsDeleted: false };
        var removed = request.Decision == "approve" && message is { IsDeleted: false, IsHeld: false };
        var released = request.Decision == "reject" && wasHeld;
        if (request.Decision == "approve")
        {
            report.Approve(message);
            if (removed) db.AddEvent(new ChatMessageDeleted(message!.Id, message.StreamId, principal.UserId(), now));
        }
        else
        {
            report.Reject();
            if (released)
            {
                message!.Release();
                db.AddEvent(new ChatMessagePosted(message.Id, message.StreamId, stream.ChannelId, message.UserId, now));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (message is null) return TypedResults.Ok(ReportView.Of(report, message));

        var room = hub.Clients.Group(ChatRoom.RoomName(message.StreamId));
        if (removed) await room.MessageDeleted(new MessageDeletedNotice(message.Id, message.StreamId));
        if (released)
        {
            var author = await db.UserReplicas.Where(u => u.UserId == message.UserId).Select(u => u.Username).FirstOrDefaultAsync(cancellationToken);
            await room.MessageReceived(new ChatMessageView(message.Id, message.StreamId, message.UserId, author ?? "", message.Message, message.CreatedAt));
        }
        return TypedResults.Ok(ReportView.Of(report, message));
    }
}
