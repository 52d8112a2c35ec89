using System.Security.Claims;
using AeThexLive.Content.Broadcasts;
using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Media;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Content.Endpoints;

/// <summary>Null fields stay as they are.</summary>
public sealed record UpdateVodRequest(string? Title, string? Description, bool? IsPublic);

public static class VodsApi
{
    private const int MaxTitle = 255;
    private const int MaxDescription = 5000;

    public static IEndpointRouteBuilder MapVodsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels/{slug}/vods", ListAsync).WithTags("VODs").WithName("ListChannelVods")
            .WithSummary("A channel's VODs, newest first: public and ready ones, and for its owner also private, processing and failed ones")
            .AnswersUnavailable();
        var vods = app.MapGroup("/api/vods/{id:guid}").WithTags("VODs");
        vods.MapGet("/", GetAsync).WithName("GetVod")
            .WithSummary("A VOD with its playback, thumbnail and storyboard URLs (signed and short-lived for the owner of a private VOD)");
        vods.MapPatch("/", UpdateAsync).WithName("UpdateVod").WithSummary("Change a VOD's title, description or visibility (owner)")
            .RequireAuthorization();
        vods.MapDelete("/", DeleteAsync).WithName("DeleteVod").WithSummary("Delete a VOD and its files; clips cut from it stay (owner, admin)")
            .RequireAuthorization();
        vods.MapPost("/views", CountViewAsync).WithName("CountVodView").WithSummary("Count a viewer (once a day per viewer)");
        return app;
    }

    internal static async Task<Results<Ok<Page<VodResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string slug, int? limit, string? cursor, ClaimsPrincipal principal, ContentDbContext db, BroadcastDirectory directory, IMediaStore store,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channel = await directory.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");

        var isOwner = principal.UserIdOrNull() == channel.OwnerId;
        var vods = db.Vods.AsNoTracking().Where(v => v.ChannelId == channel.Id);
        if (!isOwner) vods = vods.Where(v => v.IsPublic && v.ProcessingStatus == VodProcessingStatuses.Ready);
        if (page is { AfterTime: { } time, AfterId: { } id })
        {
            vods = vods.Where(v => v.CreatedAt < time || (v.CreatedAt == time && v.Id.CompareTo(id) < 0));
        }
        var rows = await vods.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        // Lists never carry signed addresses: the owner asks GET /api/vods/{id} for a private VOD's.
        var items = rows.Select(v => ContentViews.ToResponse(v, store, isOwner, signPrivate: false)).ToList();
        return TypedResults.Ok(page.ToPage(items, v => (v.CreatedAt, v.Id)));
    }

    internal static async Task<Results<Ok<VodResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal principal, ContentDbContext db, IMediaStore store, CancellationToken cancellationToken)
    {
        var vod = await db.Vods.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        var userId = principal.UserIdOrNull();
        if (vod is null || !vod.IsVisibleTo(userId, principal.IsInRole(Roles.Admin))) return ApiProblems.NotFound("VOD");
        var isOwner = vod.IsOwnedBy(userId);
        return TypedResults.Ok(ContentViews.ToResponse(vod, store, isOwner, signPrivate: isOwner));
    }

    internal static async Task<Results<Ok<VodResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateVodRequest request, ClaimsPrincipal principal, ContentDbContext db, IMediaStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var title = request.Title?.Trim();
        var description = request.Description?.Trim();
        errors.Check(title is { Length: 0 or > MaxTitle }, "title", $"The title is 1–{MaxTitle} characters.");
        errors.Check(description is { Length: > MaxDescription }, "description", $"The description is at most {MaxDescription} characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked: a worker publishing this VOD's media, or another edit, waits, so the files sit where is_public says.
        var vod = (await db.Vods.FromSql($"SELECT * FROM vods WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
        var userId = principal.UserId();
        var isAdmin = principal.IsInRole(Roles.Admin);
        if (vod is null || !vod.IsVisibleTo(userId, isAdmin)) return ApiProblems.NotFound("VOD");
        if (!vod.IsOwnedBy(userId)) return ApiProblems.Forbidden("Only the channel's owner edits its VODs.");

        vod.Describe(title ?? vod.Title, description ?? vod.Description);
        if (request.IsPublic is { } isPublic && isPublic != vod.IsPublic)
        {
            var media = vod.MediaKey is { } key ? new MediaItem(MediaKind.Vod, key) : (MediaItem?)null;
            // Files move first: should the commit fail, the VOD is left less visible than its row says, never more.
            if (media is { } item) await store.SetVisibilityAsync(item, isPublic, cancellationToken);
            vod.SetVisibility(isPublic, media is { } published ? store.Url(published, Processing.VodRenderer.ThumbnailFile, true).Url : null);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                if (media is { } item2) await store.SetVisibilityAsync(item2, !isPublic, CancellationToken.None);
                throw;
            }
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(ContentViews.ToResponse(vod, store, isOwner: true, signPrivate: true));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal principal, ContentDbContext db, IMediaStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var vod = (await db.Vods.FromSql($"SELECT * FROM vods WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
        var userId = principal.UserId();
        var isAdmin = principal.IsInRole(Roles.Admin);
        if (vod is null || !vod.IsVisibleTo(userId, isAdmin)) return ApiProblems.NotFound("VOD");
        if (!vod.IsOwnedBy(userId) && !isAdmin) return ApiProblems.Forbidden("Only the channel's owner or an admin deletes its VODs.");

        var mediaKey = vod.MediaKey;
        await VodRemoval.RemoveAsync(db, vod, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // At once rather than at the next sweep; the queued removal stays as the fallback.
        if (mediaKey is not null) await store.DeleteAsync(new MediaItem(MediaKind.Vod, mediaKey), CancellationToken.None);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<ViewCount>, ValidationProblem, ProblemHttpResult>> CountViewAsync(
        Guid id, ViewRequest? request, ClaimsPrincipal principal, ContentDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var viewer = ViewCounter.ViewerKey(principal, request, errors);
        if (viewer is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        var vod = await db.Vods.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (vod is null || !vod.IsVisibleTo(principal.UserIdOrNull(), principal.IsInRole(Roles.Admin))) return ApiProblems.NotFound("VOD");
        if (!vod.IsReady) return ApiProblems.Conflict("vod-not-ready", "The VOD is not ready to watch yet.");
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new ViewCount(await ViewCounter.CountVodAsync(db, id, viewer, day, cancellationToken)));
    }
}
