using System.Security.Claims;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Hubs;
using AeThexLive.Chat.Rooms;
using AeThexLive.Contracts.Chat;
using AeThexLive.Messaging.Users;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Endpoints;

public sealed record BanRequest(string? Username, string? Reason, int? DurationSeconds);

public sealed record BanView(Guid UserId, string Username, string? Reason, bool IsPermanent, DateTime? BannedUntil, Guid CreatedBy, DateTime CreatedAt);

public sealed record ReportRequest(string? Reason);

public sealed record ReportView(Guid Id, Guid? StreamId, Guid? MessageId, string? Message, Guid? AuthorId, Guid ReportedBy, string? Reason, string Status, DateTime CreatedAt);

public sealed record ResolveReportRequest(string? Decision);

public static class ModerationApi
{
    public const int MaxTimeoutSeconds = 14 * 24 * 3600;
    /// <summary>A ban also takes the user's messages of this long back out of view.</summary>
    public static readonly TimeSpan PurgeWindow = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/chat/messages/{id:guid}", DeleteMessageAsync).WithTags("Moderation").WithName("DeleteChatMessage")
            .WithSummary("Remove a message (its author, the channel owner, a moderator or an admin)").RequireAuthorization();
        app.MapPost("/api/chat/messages/{id:guid}/reports", ReportAsync).WithTags("Moderation").WithName("ReportChatMessage")
            .WithSummary("Report a message to the channel's moderators").RequireAuthorization();
        app.MapGet("/api/channels/{slug}/moderation-queue", QueueAsync).WithTags("Moderation").WithName("ModerationQueue")
            .WithSummary("Pending reports, oldest first (owner, moderators)").RequireAuthorization();
        app.MapPost("/api/moderation-queue/{id:guid}", ResolveAsync).WithTags("Moderation").WithName("ResolveReport")
            .WithSummary("approve (the message goes) or reject (it stays)").RequireAuthorization();

        var bans = app.MapGroup("/api/channels/{slug}/bans").WithTags("Moderation").RequireAuthorization();
        bans.MapGet("/", ListBansAsync).WithName("ListBans").WithSummary("Active bans and time-outs (owner, moderators)");
        bans.MapPost("/", BanAsync).WithName("BanUser")
            .WithSummary("Ban (no durationSeconds) or time out (1 s – 14 days) a user; their recent messages leave the chat");
        bans.MapDelete("/{username}", UnbanAsync).WithName("UnbanUser").WithSummary("Lift a ban or time-out");

        var moderators = app.MapGroup("/api/channels/{slug}/moderators").WithTags("Moderation").RequireAuthorization();
        moderators.MapPut("/{username}", (string slug, string username, ClaimsPrincipal principal, ChatDbContext db, TimeProvider clock, CancellationToken ct) =>
            SetModeratorAsync(slug, username, true, principal, db, clock, ct)).WithName("AddModerator").WithSummary("Appoint a moderator (owner only)");
        moderators.MapDelete("/{username}", (string slug, string username, ClaimsPrincipal principal, ChatDbContext db, TimeProvider clock, CancellationToken ct) =>
            SetModeratorAsync(slug, username, false, principal, db, clock, ct)).WithName("RemoveModerator").WithSummary("Remove a moderator (owner only)");
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteMessageAsync(
        Guid id, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub> hub, TimeProvider clock,
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
        await hub.Clients.Group(ChatRoom.RoomName(message.StreamId)).SendAsync("MessageDeleted", new { messageId = message.Id, streamId = message.StreamId }, cancellationToken);
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
        return TypedResults.Created($"/api/moderation-queue/{report.Id}", ToView(report, message));
    }

    internal static async Task<Results<Ok<Page<ReportView>>, ValidationProblem, ProblemHttpResult>> QueueAsync(
        string slug, int? limit, string? cursor, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channel = await FindChannelAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's moderators see its queue.");

        var reports = db.ModerationQueue.AsNoTracking().Where(r => r.Status == ReportStatuses.Pending
            && db.StreamReplicas.Any(s => s.StreamId == r.StreamId && s.ChannelId == channel.ChannelId));
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            reports = reports.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.CreatedAt, r.Id), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await reports.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(page.Limit + 1)
            .Select(r => new { Report = r, Message = db.ChatMessages.FirstOrDefault(m => m.Id == r.MessageId) })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(x => ToView(x.Report, x.Message)).ToList(), v => (v.CreatedAt, v.Id)));
    }

    internal static async Task<Results<Ok<ReportView>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid id, ResolveReportRequest request, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub> hub,
        TimeProvider clock, CancellationToken cancellationToken)
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
        if (!await authority.CanModerateAsync(stream.ChannelId, stream.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's moderators resolve its reports.");
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
        var room = message is null ? null : hub.Clients.Group(ChatRoom.RoomName(message.StreamId));
        if (removed)
        {
            await room!.SendAsync("MessageDeleted", new { messageId = message!.Id, streamId = message.StreamId }, cancellationToken);
        }
        if (released)
        {
            var author = await db.UserReplicas.Where(u => u.UserId == message!.UserId).Select(u => u.Username).FirstOrDefaultAsync(cancellationToken);
            await room!.SendAsync("MessageReceived",
                new ChatMessageView(message!.Id, message.StreamId, message.UserId, author ?? "", message.Message, message.CreatedAt), cancellationToken);
        }
        return TypedResults.Ok(ToView(report, message));
    }

    internal static async Task<Results<Ok<IReadOnlyList<BanView>>, ProblemHttpResult>> ListBansAsync(
        string slug, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, TimeProvider clock, CancellationToken cancellationToken)
    {
        var channel = await FindChannelAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's moderators see its bans.");
        var now = clock.GetUtcNow().UtcDateTime;
        var bans = await db.ChatBans.AsNoTracking().Where(b => b.ChannelId == channel.ChannelId && (b.IsPermanent || b.BannedUntil > now))
            .OrderByDescending(b => b.CreatedAt)
            .Select(b => new BanView(b.BannedUserId, db.UserReplicas.Where(u => u.UserId == b.BannedUserId).Select(u => u.Username).FirstOrDefault() ?? "",
                b.Reason, b.IsPermanent, b.BannedUntil, b.CreatedBy, b.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BanView>>(bans);
    }

    internal static async Task<Results<Created<BanView>, ValidationProblem, ProblemHttpResult>> BanAsync(
        string slug, BanRequest request, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub> hub,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(string.IsNullOrWhiteSpace(request.Username) || request.Username.Length > 50, "username", "The username to ban is required.");
        errors.Check(request.DurationSeconds is < 1 or > MaxTimeoutSeconds, "durationSeconds", $"A time-out lasts 1–{MaxTimeoutSeconds} seconds (leave it out to ban for good).");
        errors.Check(request.Reason is { Length: > 500 }, "reason", "A reason is at most 500 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var channel = await FindChannelAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's owner and moderators ban.");
        var target = await FindUserAsync(db, request.Username!, cancellationToken);
        if (target is null) return ApiProblems.NotFound("user");
        var me = principal.UserId();
        if (target.UserId == channel.OwnerId) return ApiProblems.Forbidden("The channel's owner cannot be banned from it.");
        if (me != channel.OwnerId && !principal.IsInRole(Roles.Admin) && await authority.IsModeratorAsync(channel.ChannelId, target.UserId, cancellationToken))
        {
            return ApiProblems.Forbidden("Moderators cannot ban each other; ask the owner.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var duration = request.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var ban = new ChatBan(Guid.CreateVersion7(), channel.ChannelId, target.UserId, request.Reason?.Trim(), duration, me, now);
        db.ChatBans.Add(ban);
        var liveStreams = await authority.LiveStreamsAsync(channel.ChannelId, cancellationToken);
        var streamsOfChannel = db.StreamReplicas.Where(s => s.ChannelId == channel.ChannelId).Select(s => s.StreamId);
        var purged = await db.ChatMessages
            .Where(m => m.UserId == target.UserId && !m.IsDeleted && m.CreatedAt >= now - PurgeWindow && streamsOfChannel.Contains(m.StreamId))
            .ToListAsync(cancellationToken);
        foreach (var message in purged) message.Delete();
        db.AddEvent(new UserBanned(channel.ChannelId, target.UserId, me, ban.Reason, ban.BannedUntil, now));
        await db.SaveChangesAsync(cancellationToken);

        foreach (var streamId in liveStreams)
        {
            await hub.Clients.Group(ChatRoom.RoomName(streamId)).SendAsync("UserBanned", new
            {
                userId = target.UserId, username = target.Username, until = ban.BannedUntil,
                removedMessageIds = purged.Where(m => m.StreamId == streamId).Select(m => m.Id).ToList(),
            }, cancellationToken);
        }
        return TypedResults.Created($"/api/channels/{channel.Slug}/bans", new BanView(target.UserId, target.Username, ban.Reason, ban.IsPermanent, ban.BannedUntil, me, now));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> UnbanAsync(
        string slug, string username, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var channel = await FindChannelAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken)) return ApiProblems.Forbidden("Only the channel's owner and moderators lift bans.");
        var target = await FindUserAsync(db, username, cancellationToken);
        if (target is null) return ApiProblems.NotFound("user");
        var now = clock.GetUtcNow().UtcDateTime;
        var active = await db.ChatBans.Where(b => b.ChannelId == channel.ChannelId && b.BannedUserId == target.UserId && (b.IsPermanent || b.BannedUntil > now))
            .ToListAsync(cancellationToken);
        foreach (var ban in active) ban.Lift(now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> SetModeratorAsync(
        string slug, string username, bool appoint, ClaimsPrincipal principal, ChatDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var channel = await FindChannelAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (channel.OwnerId != principal.UserId()) return ApiProblems.Forbidden("Only the channel's owner manages its moderators.");
        var target = await FindUserAsync(db, username, cancellationToken);
        if (target is null) return ApiProblems.NotFound("user");
        if (target.UserId == channel.OwnerId) return ApiProblems.Of(StatusCodes.Status400BadRequest, "owner-is-not-a-moderator", "The owner already runs the chat.");

        if (appoint)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO channel_moderators (channel_id, user_id, created_at)
                VALUES ({channel.ChannelId}, {target.UserId}, {clock.GetUtcNow().UtcDateTime} AT TIME ZONE 'UTC')
                ON CONFLICT DO NOTHING
                """, cancellationToken);
        }
        else
        {
            await db.ChannelModerators.Where(m => m.ChannelId == channel.ChannelId && m.UserId == target.UserId).ExecuteDeleteAsync(cancellationToken);
        }
        return TypedResults.NoContent();
    }

    private static Task<ChannelReplica?> FindChannelAsync(ChatDbContext db, string slug, CancellationToken cancellationToken)
    {
        var normalized = slug.ToLowerInvariant();
        return db.ChannelReplicas.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == normalized, cancellationToken);
    }

    private static Task<UserReplica?> FindUserAsync(ChatDbContext db, string username, CancellationToken cancellationToken)
    {
        var normalized = username.Trim().ToLowerInvariant();
        return db.UserReplicas.AsNoTracking().SingleOrDefaultAsync(u => u.Username == normalized, cancellationToken);
    }

    private static ReportView ToView(ModerationReport report, ChatMessage? message) => new(
        report.Id, report.StreamId, report.MessageId, message?.Message, message?.UserId, report.ReportedBy, report.Reason, report.Status, report.CreatedAt);
}
