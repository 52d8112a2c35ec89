using System.Security.Claims;
using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using AeThexLive.Messaging;

namespace AeThexLive.Content.Endpoints;

/// <summary>
/// Likes: PUT and DELETE are idempotent, and likes stays exact under any concurrency. The like
/// row and the counter change in one statement: an insert that finds the pair already there (or a
/// delete that finds it gone) adds nothing, and the clip's row lock serialises the counter.
/// </summary>
public static class ClipLikesApi
{
    public static IEndpointRouteBuilder MapClipLikesApi(this IEndpointRouteBuilder app)
    {
        var like = app.MapGroup("/api/clips/{slug}/like").WithTags("Clips").RequireAuthorization();
        like.MapPut("/", LikeAsync).WithName("LikeClip").WithSummary("Like a clip (again: no change)");
        like.MapDelete("/", UnlikeAsync).WithName("UnlikeClip").WithSummary("Take a like back (again: no change)");
        return app;
    }

    internal static async Task<Results<Ok<ClipLikes>, ProblemHttpResult>> LikeAsync(
        string slug, ClaimsPrincipal principal, ContentDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await ReadyClipAsync(db, slug, cancellationToken) is { } refusal) return refusal;
        var userId = principal.UserId();
        var now = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime);
        var likes = await db.Database.SqlQuery<int>($"""
            WITH fresh AS (
                INSERT INTO clip_likes (user_id, clip_id, created_at)
                SELECT {userId}, id, {now} FROM clips WHERE slug = {slug}
                ON CONFLICT DO NOTHING RETURNING clip_id)
            UPDATE clips SET likes = likes + (SELECT count(*) FROM fresh) WHERE slug = {slug} RETURNING likes AS "Value"
            """).ToListAsync(cancellationToken);
        return likes.Count == 0 ? ApiProblems.NotFound("clip") : TypedResults.Ok(new ClipLikes(slug, likes[0], true));
    }

    internal static async Task<Results<Ok<ClipLikes>, ProblemHttpResult>> UnlikeAsync(
        string slug, ClaimsPrincipal principal, ContentDbContext db, CancellationToken cancellationToken)
    {
        if (await ReadyClipAsync(db, slug, cancellationToken) is { } refusal) return refusal;
        var userId = principal.UserId();
        var likes = await db.Database.SqlQuery<int>($"""
            WITH gone AS (
                DELETE FROM clip_likes WHERE user_id = {userId} AND clip_id = (SELECT id FROM clips WHERE slug = {slug})
                RETURNING clip_id)
            UPDATE clips SET likes = likes - (SELECT count(*) FROM gone) WHERE slug = {slug} RETURNING likes AS "Value"
            """).ToListAsync(cancellationToken);
        return likes.Count == 0 ? ApiProblems.NotFound("clip") : TypedResults.Ok(new ClipLikes(slug, likes[0], false));
    }

    private static async Task<ProblemHttpResult?> ReadyClipAsync(ContentDbContext db, string slug, CancellationToken cancellationToken)
    {
        if (!ClipSlugs.IsPlausible(slug)) return ApiProblems.NotFound("clip");
        var status = await db.Clips.AsNoTracking().Where(c => c.Slug == slug).Select(c => c.Status).SingleOrDefaultAsync(cancellationToken);
        return status switch
        {
            null => ApiProblems.NotFound("clip"),
            ClipStatuses.Ready => null,
            _ => ApiProblems.Conflict("clip-not-ready", "The clip is not ready yet."),
        };
    }
}
