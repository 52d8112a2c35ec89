using System.Security.Claims;
using AeThexLive.Contracts.Streaming;
using AeThexLive.ServiceDefaults;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Streaming.Endpoints;

/// <summary>Optional body of a follow: whether to be told when the channel goes live (default true).</summary>
public sealed record FollowChannelRequest(bool? NotificationEnabled);

public sealed record ChannelFollowerEntry(Guid UserId, string? Username, string? DisplayName, DateTime FollowedAt, bool NotificationEnabled);

public sealed record FollowedChannel(Guid Id, string Slug, string Name, string? Category, bool IsLive, int FollowerCount,
    DateTime FollowedAt, bool NotificationEnabled, LiveStreamSummary? LiveStream);

public static class ChannelFollowersApi
{
    public static IEndpointRouteBuilder MapChannelFollowersApi(this IEndpointRouteBuilder app)
    {
        var channel = app.MapGroup("/api/channels/{slug}").WithTags("Follows");
        channel.MapPut("/follow", FollowAsync).WithName("FollowChannel")
            .WithSummary("Follow a channel, or change its live notifications (following again changes nothing else)").RequireAuthorization();
        channel.MapDelete("/follow", UnfollowAsync).WithName("UnfollowChannel").WithSummary("Stop following a channel").RequireAuthorization();
        channel.MapGet("/followers", ListFollowersAsync).WithName("ListChannelFollowers")
            .WithSummary("Who follows the channel, newest first (owner or admin)").RequireAuthorization();
        app.MapGet("/api/users/me/followed-channels", ListFollowedAsync).WithTags("Follows").WithName("ListFollowedChannels")
            .WithSummary("Channels the signed-in user follows, newest follow first, with their live streams").RequireAuthorization();
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> FollowAsync(
        string slug, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] FollowChannelRequest? request,
        ClaimsPrincipal principal, StreamingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        var channel = await ChannelsApi.FindAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (channel.IsOwnedBy(me)) return ApiProblems.Of(StatusCodes.Status400BadRequest, "cannot-follow-own-channel", "You cannot follow your own channel.");

        var now = clock.GetUtcNow().UtcDateTime;
        var notify = request?.NotificationEnabled ?? true;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Insert-or-nothing, then the counter moves only for a follow that is new: counts stay equal to rows under any concurrency.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO followers (follower_id, channel_id, follow_date, notification_enabled)
            VALUES ({me}, {channel.Id}, {now} AT TIME ZONE 'UTC', {notify})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            await db.Channels.Where(c => c.Id == channel.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.FollowerCount, c => c.FollowerCount + 1), cancellationToken);
            db.AddEvent(new ChannelFollowed(channel.Id, me, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (request?.NotificationEnabled is { } enabled)
        {
            await db.Followers.Where(f => f.FollowerId == me && f.ChannelId == channel.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.NotificationEnabled, enabled), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> UnfollowAsync(
        string slug, ClaimsPrincipal principal, StreamingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        var channel = await ChannelsApi.FindAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Followers.Where(f => f.FollowerId == me && f.ChannelId == channel.Id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1)
        {
            await db.Channels.Where(c => c.Id == channel.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.FollowerCount, c => c.FollowerCount - 1), cancellationToken);
            db.AddEvent(new ChannelUnfollowed(channel.Id, me, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<Page<ChannelFollowerEntry>>, ValidationProblem, ProblemHttpResult>> ListFollowersAsync(
        string slug, int? limit, string? cursor, ClaimsPrincipal principal, StreamingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channel = await ChannelsApi.FindAsync(db, slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!channel.IsOwnedBy(principal.UserId()) && !principal.IsInRole(Roles.Admin)) return ApiProblems.Forbidden("Only the channel's owner sees its followers.");

        var follows = db.Followers.Where(f => f.ChannelId == channel.Id);
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            follows = follows.Where(f => EF.Functions.LessThan(ValueTuple.Create(f.FollowDate, f.FollowerId), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await follows
            .OrderByDescending(f => f.FollowDate).ThenByDescending(f => f.FollowerId).Take(page.Limit + 1)
            .Select(f => new ChannelFollowerEntry(f.FollowerId,
                db.UserReplicas.Where(u => u.UserId == f.FollowerId).Select(u => u.Username).FirstOrDefault(),
                db.UserReplicas.Where(u => u.UserId == f.FollowerId).Select(u => u.DisplayName).FirstOrDefault(),
                f.FollowDate, f.NotificationEnabled))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, r => (r.FollowedAt, r.UserId)));
    }

    internal static async Task<Results<Ok<Page<FollowedChannel>>, ValidationProblem>> ListFollowedAsync(
        int? limit, string? cursor, ClaimsPrincipal principal, StreamingDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var me = principal.UserId();
        var follows = db.Followers.Where(f => f.FollowerId == me);
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            follows = follows.Where(f => EF.Functions.LessThan(ValueTuple.Create(f.FollowDate, f.ChannelId), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await follows
            .Join(db.Channels, f => f.ChannelId, c => c.Id, (f, c) => new { f.FollowDate, f.NotificationEnabled, Channel = c })
            .OrderByDescending(x => x.FollowDate).ThenByDescending(x => x.Channel.Id)
            .Take(page.Limit + 1)
            .Select(x => new
            {
                x.FollowDate, x.NotificationEnabled, x.Channel,
                Live = db.Streams.Where(s => s.ChannelId == x.Channel.Id && s.Status == StreamStatuses.Live).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var items = rows.Select(x => new FollowedChannel(x.Channel.Id, x.Channel.Slug, x.Channel.Name, x.Channel.Category, x.Channel.IsLive,
            x.Channel.FollowerCount, x.FollowDate, x.NotificationEnabled,
            x.Live is null ? null : new LiveStreamSummary(x.Live.Id, x.Live.Title, x.Live.ViewerCount, x.Live.HlsUrl, x.Live.StartedAt))).ToList();
        return TypedResults.Ok(page.ToPage(items, r => (r.FollowedAt, r.Id)));
    }
}
