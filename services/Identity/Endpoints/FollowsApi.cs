using System.Security.Claims;
using AeThexLive.Contracts.Identity;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Endpoints;

public sealed record FollowEntry(Guid UserId, string Username, string? DisplayName, string? AvatarUrl, DateTime FollowedAt);

public static class FollowsApi
{
    public static IEndpointRouteBuilder MapFollowsApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users/{username}").WithTags("Follows");
        users.MapPut("/follow", FollowAsync).WithName("FollowUser").WithSummary("Follow a user (following again changes nothing)")
            .RequireAuthorization();
        users.MapDelete("/follow", UnfollowAsync).WithName("UnfollowUser").WithSummary("Stop following a user").RequireAuthorization();
        users.MapGet("/followers", (string username, int? limit, string? cursor, ClaimsPrincipal principal, IdentityDbContext db, CancellationToken ct) =>
                ListAsync(username, FollowDirection.Followers, limit, cursor, principal, db, ct))
            .WithName("ListFollowers").WithSummary("Who follows the user, newest first (subject to their privacy setting)");
        users.MapGet("/following", (string username, int? limit, string? cursor, ClaimsPrincipal principal, IdentityDbContext db, CancellationToken ct) =>
                ListAsync(username, FollowDirection.Following, limit, cursor, principal, db, ct))
            .WithName("ListFollowing").WithSummary("Whom the user follows, newest first (subject to their privacy setting)");
        return app;
    }

    internal enum FollowDirection { Followers, Following }

    internal static async Task<Results<NoContent, ProblemHttpResult>> FollowAsync(
        string username, ClaimsPrincipal principal, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        var target = await FindIdAsync(db, username, cancellationToken);
        if (target is null) return IdentityProblems.NotFound("user");
        if (target == me) return IdentityProblems.Of(StatusCodes.Status400BadRequest, "cannot-follow-yourself", "You cannot follow yourself.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // ON CONFLICT makes a repeated or concurrent follow a no-op, and only the insert that won publishes the event.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_follows_user (follower_id, following_id, follow_date)
            VALUES ({me}, {target.Value}, {now} AT TIME ZONE 'UTC')
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            db.AddEvent(new UserFollowed(me, target.Value, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> UnfollowAsync(
        string username, ClaimsPrincipal principal, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        var target = await FindIdAsync(db, username, cancellationToken);
        if (target is null) return IdentityProblems.NotFound("user");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.UserFollows.Where(f => f.FollowerId == me && f.FollowingId == target.Value).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 1)
        {
            db.AddEvent(new UserUnfollowed(me, target.Value, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<Page<FollowEntry>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string username, FollowDirection direction, int? limit, string? cursor, ClaimsPrincipal principal, IdentityDbContext db,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var name = username.ToLowerInvariant();
        var owner = await db.Users.AsNoTracking().Where(u => u.Username == name)
            .Select(u => new { u.Id, u.Settings.PrivacyLevel }).SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return IdentityProblems.NotFound("user");
        if (!await MaySeeListsAsync(db, owner.Id, owner.PrivacyLevel, principal.UserIdOrNull(), cancellationToken))
        {
            return IdentityProblems.Of(StatusCodes.Status403Forbidden, "private-follow-list",
                owner.PrivacyLevel == PrivacyLevels.Private
                    ? "This user keeps their follow lists private."
                    : "This user shows their follow lists to mutual followers only.");
        }

        var edges = direction == FollowDirection.Followers
            ? db.UserFollows.Where(f => f.FollowingId == owner.Id).Select(f => new { OtherId = f.FollowerId, f.FollowDate })
            : db.UserFollows.Where(f => f.FollowerId == owner.Id).Select(f => new { OtherId = f.FollowingId, f.FollowDate });
        if (page.AfterTime is { } afterTime && page.AfterId is { } afterId)
        {
            edges = edges.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.FollowDate, e.OtherId), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await edges
            .Join(db.Users, e => e.OtherId, u => u.Id, (e, u) => new { e.FollowDate, u.Id, u.Username, u.DisplayName, u.AvatarUrl })
            .OrderByDescending(x => x.FollowDate).ThenByDescending(x => x.Id)
            .Take(page.Limit + 1)
            .Select(x => new FollowEntry(x.Id, x.Username, x.DisplayName, x.AvatarUrl, x.FollowDate))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, r => (r.FollowedAt, r.UserId)));
    }

    /// <summary>Owner always; public to all; friends to mutual follows; private to nobody else.</summary>
    private static async Task<bool> MaySeeListsAsync(IdentityDbContext db, Guid ownerId, string privacy, Guid? viewer, CancellationToken cancellationToken)
    {
        if (viewer == ownerId || privacy == PrivacyLevels.Public) return true;
        if (privacy != PrivacyLevels.Friends || viewer is not { } v) return false;
        var links = await db.UserFollows.CountAsync(f =>
            (f.FollowerId == v && f.FollowingId == ownerId) || (f.FollowerId == ownerId && f.FollowingId == v), cancellationToken);
        return links == 2;
    }

    private static Task<Guid?> FindIdAsync(IdentityDbContext db, string username, CancellationToken cancellationToken)
    {
        var name = username.ToLowerInvariant();
        return db.Users.Where(u => u.Username == name).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(cancellationToken);
    }
}
