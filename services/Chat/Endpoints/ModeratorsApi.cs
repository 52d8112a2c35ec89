using System.Security.Claims;
using AeThexLive.Chat.Data;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Endpoints;

/// <summary>The moderators a channel's owner appoints.</summary>
public static class ModeratorsApi
{
    public static IEndpointRouteBuilder MapModeratorsApi(this IEndpointRouteBuilder app)
    {
        var moderators = app.MapGroup("/api/channels/{slug}/moderators/{username}").WithTags("Moderation").RequireAuthorization();
        moderators.MapPut("/", (string slug, string username, ClaimsPrincipal principal, ChatDbContext db, TimeProvider clock, CancellationToken ct) =>
            SetModeratorAsync(slug, username, true, principal, db, clock, ct)).WithName("AddModerator").WithSummary("Appoint a moderator (owner only)");
        moderators.MapDelete("/", (string slug, string username, ClaimsPrincipal principal, ChatDbContext db, TimeProvider clock, CancellationToken ct) =>
            SetModeratorAsync(slug, username, false, principal, db, clock, ct)).WithName("RemoveModerator").WithSummary("Remove a moderator (owner only)");
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> SetModeratorAsync(
        string slug, string username, bool appoint, ClaimsPrincipal principal, ChatDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (channel.OwnerId != principal.UserId()) return ApiProblems.Forbidden("Only the channel's owner manages its moderators.");
        var target = await db.FindUserAsync(username, cancellationToken);
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
}
