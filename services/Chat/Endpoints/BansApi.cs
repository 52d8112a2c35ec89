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

public sealed record BanRequest(string? Username, string? Reason, int? DurationSeconds);

public sealed record BanView(Guid UserId, string Username, string? Reason, bool IsPermanent, DateTime? BannedUntil, Guid CreatedBy, DateTime CreatedAt);

/// <summary>Bans and time-outs in a channel's chat.</summary>
public static class BansApi
{
    public const int MaxTimeoutSeconds = 14 * 24 * 3600;
    /// <summary>A ban also takes the user's messages of this long back out of view.</summary>
    public static readonly TimeSpan PurgeWindow = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapBansApi(this IEndpointRouteBuilder app)
    {
        var bans = app.MapGroup("/api/channels/{slug}/bans").WithTags("Moderation").RequireAuthorization();
        bans.MapGet("/", ListAsync).WithName("ListBans").WithSummary("Active bans and time-outs (owner, moderators)");
        bans.MapPost("/", BanAsync).WithName("BanUser")
            .WithSummary("Ban (no durationSeconds) or time out (1 s – 14 days) a user; their recent messages leave the chat");
        bans.MapDelete("/{username}", UnbanAsync).WithName("UnbanUser").WithSummary("Lift a ban or time-out");
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<BanView>>, ProblemHttpResult>> ListAsync(
        string slug, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, TimeProvider clock, CancellationToken cancellationToken)
    {
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken))
        {
            return ApiProblems.Forbidden("Only the channel's moderators see its bans.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var bans = await db.ChatBans.AsNoTracking().Where(b => b.ChannelId == channel.ChannelId && (b.IsPermanent || b.BannedUntil > now))
            .OrderByDescending(b => b.CreatedAt)
            .Select(b => new BanView(b.BannedUserId, db.UserReplicas.Where(u => u.UserId == b.BannedUserId).Select(u => u.Username).FirstOrDefault() ?? "",
                b.Reason, b.IsPermanent, b.BannedUntil, b.CreatedBy, b.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<BanView>>(bans);
    }

    /// <summary>
    /// Bans (or times out) a user: any ban already running is replaced by this one, and the user's
    /// recent messages in the channel are removed. Bans of one user in one channel are serialised
    /// (an advisory lock), and the messages are locked in id order: two moderators banning the
    /// same user at once, or a ban racing a deletion, once deadlocked on the message rows (a 500).
    /// </summary>
    internal static async Task<Results<Created<BanView>, ValidationProblem, ProblemHttpResult>> BanAsync(
        string slug, BanRequest request, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority,
        IHubContext<ChatHub, IChatClient> hub, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(string.IsNullOrWhiteSpace(request.Username) || request.Username.Length > 50, "username", "The username to ban is required.");
        errors.Check(request.DurationSeconds is < 1 or > MaxTimeoutSeconds, "durationSeconds",
            $"A time-out lasts 1–{MaxTimeoutSeconds} seconds (leave it out to ban for good).");
        errors.Check(request.Reason is { Length: > 500 }, "reason", "A reason is at most 500 characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken))
        {
            return ApiProblems.Forbidden("Only the channel's owner and moderators ban.");
        }
        var target = await db.FindUserAsync(request.Username!, cancellationToken);
        if (target is null) return ApiProblems.NotFound("user");
        var me = principal.UserId();
        if (target.UserId == channel.OwnerId) return ApiProblems.Forbidden("The channel's owner cannot be banned from it.");
        if (me != channel.OwnerId && !principal.IsInRole(Roles.Admin) && await authority.IsModeratorAsync(channel.ChannelId, target.UserId, cancellationToken))
        {
            return ApiProblems.Forbidden("Moderators cannot ban each other; ask the owner.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var duration = request.DurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var ban = new ChatBan(Guid.CreateVersion7(), channel.ChannelId, target.UserId, reason, duration, me, now);
        var cutoff = now - PurgeWindow;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtext({channel.ChannelId.ToString()}), hashtext({target.UserId.ToString()}))", cancellationToken);
        var running = await db.ChatBans
            .Where(b => b.ChannelId == channel.ChannelId && b.BannedUserId == target.UserId && (b.IsPermanent || b.BannedUntil > now))
            .ToListAsync(cancellationToken);
        foreach (var replaced in running) replaced.Lift(now);
        db.ChatBans.Add(ban);
        var purged = await db.ChatMessages.FromSql($"""
            SELECT * FROM chat_messages
            WHERE user_id = {target.UserId} AND NOT is_deleted AND created_at >= ({cutoff} AT TIME ZONE 'UTC')
              AND stream_id IN (SELECT stream_id FROM stream_replicas WHERE channel_id = {channel.ChannelId})
            ORDER BY id
            FOR UPDATE
            """).ToListAsync(cancellationToken);
        foreach (var message in purged) message.Delete();
        db.AddEvent(new UserBanned(channel.ChannelId, target.UserId, me, ban.Reason, ban.BannedUntil, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var streamId in await authority.LiveStreamsAsync(channel.ChannelId, cancellationToken))
        {
            var removed = purged.Where(m => m.StreamId == streamId).Select(m => m.Id).ToList();
            await hub.Clients.Group(ChatRoom.RoomName(streamId)).UserBanned(new UserBannedNotice(target.UserId, target.Username, ban.Reason, ban.BannedUntil, removed));
        }
        return TypedResults.Created($"/api/channels/{channel.Slug}/bans",
            new BanView(target.UserId, target.Username, ban.Reason, ban.IsPermanent, ban.BannedUntil, me, now));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> UnbanAsync(
        string slug, string username, ClaimsPrincipal principal, ChatDbContext db, ChatAuthority authority, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!await authority.CanModerateAsync(channel.ChannelId, channel.OwnerId, principal, cancellationToken))
        {
            return ApiProblems.Forbidden("Only the channel's owner and moderators lift bans.");
        }
        var target = await db.FindUserAsync(username, cancellationToken);
        if (target is null) return ApiProblems.NotFound("user");
        var now = clock.GetUtcNow().UtcDateTime;
        var active = await db.ChatBans
            .Where(b => b.ChannelId == channel.ChannelId && b.BannedUserId == target.UserId && (b.IsPermanent || b.BannedUntil > now))
            .ToListAsync(cancellationToken);
        foreach (var ban in active) ban.Lift(now);
        // Payments refuses donations from a banned user and needs to hear that the ban is over.
        if (active.Count > 0) db.AddEvent(new UserUnbanned(channel.ChannelId, target.UserId, principal.UserId(), now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
