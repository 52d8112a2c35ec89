using System.Security.Claims;
using AeThexLive.ServiceDefaults;
using AeThexLive.Streaming.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Streaming.Endpoints;

public sealed record FollowedChannel(Guid Id, string Slug, string Name, string? Category, bool IsLive, int FollowerCount,
    DateTime FollowedAt, bool NotificationEnabled);

public static class FollowedChannelsApi
{
    public static IEndpointRouteBuilder MapFollowedChannelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/users/me/followed-channels", ListAsync)
            .WithTags("Follows").WithName("ListFollowedChannels").WithSummary("Channels the signed-in user follows, newest follow first")
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Ok<Page<FollowedChannel>>, ValidationProblem>> ListAsync(
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
            .Select(x => new FollowedChannel(x.Channel.Id, x.Channel.Slug, x.Channel.Name, x.Channel.Category, x.Channel.IsLive,
                x.Channel.FollowerCount, x.FollowDate, x.NotificationEnabled))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, r => (r.FollowedAt, r.Id)));
    }
}
