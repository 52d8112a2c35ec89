using System.Security.Claims;
using System.Text.Json;
using AeThexLive.Content.Broadcasts;
using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Jobs;
using AeThexLive.Content.Media;
using AeThexLive.Messaging;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Content.Endpoints;

/// <summary>
/// From a VOD: vodId and offsetSeconds. From a live stream: streamId, and playheadAt, the ingest
/// time (UTC) of the moment on the viewer's screen (players lag live by several seconds; without
/// it the clip ends at the newest buffered moment). durationSeconds is 5–60 (default 30).
/// </summary>
public sealed record CreateClipRequest(Guid? VodId, int? OffsetSeconds, Guid? StreamId, DateTime? PlayheadAt, int? DurationSeconds, string? Title);

public static class ClipsApi
{
    private const int MaxTitle = 100;
    /// <summary>A player's clock may run a little ahead of the ingest's.</summary>
    private static readonly TimeSpan PlayheadSkew = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapClipsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/clips", CreateAsync).WithTags("Clips").WithName("CreateClip")
            .WithSummary("Clip 5–60 s (default 30) of a VOD at an offset, or the last moments of a live stream; 202 while it is cut")
            .RequireAuthorization().AnswersUnavailable();
        app.MapGet("/api/channels/{slug}/clips", ListAsync).WithTags("Clips").WithName("ListChannelClips")
            .WithSummary("A channel's clips: sort=top (most viewed, default) or recent; period=day, week (default), month or all")
            .AnswersUnavailable();
        var clips = app.MapGroup("/api/clips/{slug}").WithTags("Clips");
        clips.MapGet("/", GetAsync).WithName("GetClip").WithSummary("A clip: processing, then ready with its MP4 and thumbnail");
        clips.MapDelete("/", DeleteAsync).WithName("DeleteClip").WithSummary("Delete a clip (its creator, the channel's owner, an admin)")
            .RequireAuthorization().AnswersUnavailable();
        clips.MapPost("/views", CountViewAsync).WithName("CountClipView").WithSummary("Count a viewer (once a day per viewer)");
        return app;
    }

    internal static async Task<Results<Accepted<ClipAccepted>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateClipRequest request, ClaimsPrincipal principal, ContentDbContext db, BroadcastDirectory directory, IngestArchive archive,
        WorkSignal signal, IOptions<ClipOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var seconds = request.DurationSeconds ?? ClipOptions.DefaultSeconds;
        var title = request.Title?.Trim();
        errors.Check(seconds is < ClipOptions.MinSeconds or > ClipOptions.MaxSeconds, "durationSeconds",
            $"A clip is {ClipOptions.MinSeconds}–{ClipOptions.MaxSeconds} seconds.");
        errors.Check(title is { Length: 0 or > MaxTitle }, "title", $"The title is 1–{MaxTitle} characters.");
        if (request.VodId is null && request.StreamId is null) errors.Add("vodId", "Give either vodId (with offsetSeconds) or streamId.");
        if (request.VodId is not null && request.StreamId is not null)
        {
            errors.Add("vodId", "Give vodId (a clip of a VOD) or streamId (a clip of a live stream), not both.");
            errors.Add("streamId", "Give vodId (a clip of a VOD) or streamId (a clip of a live stream), not both.");
        }
        if (request.VodId is not null)
        {
            errors.Check(request.OffsetSeconds is not >= 0, "offsetSeconds", "offsetSeconds (0 or more) says where in the VOD the clip starts.");
            errors.Check(request.PlayheadAt is not null, "playheadAt", "playheadAt is for clips of live streams.");
        }
        if (request.StreamId is not null) errors.Check(request.OffsetSeconds is not null, "offsetSeconds", "offsetSeconds is for clips of VODs.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var now = clock.GetUtcNow().UtcDateTime;
        var creatorId = principal.UserId();
        Clip clip;
        ClipWindow window;
        if (request.VodId is { } vodId)
        {
            var vod = await db.Vods.AsNoTracking().SingleOrDefaultAsync(v => v.Id == vodId, cancellationToken);
            if (vod is null || !vod.IsVisibleTo(creatorId, principal.IsInRole(Roles.Admin))) return ApiProblems.NotFound("VOD");
            if (!vod.IsReady) return ApiProblems.Conflict("vod-not-ready", "The VOD is not ready to clip yet.");
            var offset = request.OffsetSeconds!.Value;
            if (offset + seconds > vod.DurationSeconds)
            {
                return TypedResults.ValidationProblem(new FieldErrors().Add("offsetSeconds",
                    $"The VOD is {vod.DurationSeconds} s long: a {seconds} s clip starts at {Math.Max(0, vod.DurationSeconds!.Value - seconds)} s at the latest.").ToDictionary());
            }
            clip = Clip.FromVod(vod, creatorId, title ?? vod.Title ?? $"Clip of {vod.ChannelSlug}", ClipSlugs.New(), offset, seconds, now);
            window = new ClipWindow(seconds, OffsetSeconds: offset);
        }
        else
        {
            var broadcast = await directory.FindStreamAsync(request.StreamId!.Value, cancellationToken);
            if (broadcast is null) return ApiProblems.NotFound("stream");
            if (!broadcast.IsLive || broadcast.StartedAt is not { } startedAt)
            {
                return ApiProblems.Conflict("stream-not-live", "The stream is not live: clip its VOD instead.");
            }
            var fragments = (await archive.DvrFragmentsAsync(broadcast.ChannelSlug, cancellationToken))
                .Where(f => f.StartsAt >= startedAt.AddSeconds(-1) && f.StartsAt >= now - options.Value.LiveBuffer).ToList();
            if (fragments.Count == 0) return ApiProblems.Conflict("live-buffer-empty", "Nothing of this stream is buffered yet; try again in a few seconds.");

            var end = fragments[^1].EndsAt;
            if (request.PlayheadAt is { } playhead)
            {
                var at = playhead.ToUniversalTime();
                if (at > now + PlayheadSkew || at < fragments[0].StartsAt.AddSeconds(ClipOptions.MinSeconds))
                {
                    return TypedResults.ValidationProblem(new FieldErrors().Add("playheadAt",
                        "playheadAt must lie within the last moments of the stream; clip older moments from its VOD.").ToDictionary());
                }
                end = at < end ? at : end.AddSeconds(Math.Min((at - end).TotalSeconds, fragments[^1].Seconds));
            }
            var start = end.AddSeconds(-seconds);
            if (start < fragments[0].StartsAt)
            {
                start = fragments[0].StartsAt;
                if ((end - start).TotalSeconds < ClipOptions.MinSeconds)
                {
                    return ApiProblems.Conflict("live-buffer-short", "Not enough of this stream is buffered yet; try again in a few seconds.");
                }
            }
            var length = (int)Math.Round((end - start).TotalSeconds);
            clip = Clip.FromLive(broadcast.Id, broadcast.ChannelId, broadcast.ChannelSlug, creatorId, title ?? broadcast.Title, ClipSlugs.New(),
                Math.Max(0, (int)(start - startedAt).TotalSeconds), length, now);
            window = new ClipWindow(length, From: start, NotBefore: startedAt);
        }

        for (var attempt = 0; ; attempt++)
        {
            db.Clips.Add(clip);
            db.ProcessingJobs.Add(new ProcessingJob(clip.Id, JobKinds.Clip, JsonSerializer.Serialize(window, JsonSerializerOptions.Web), now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation("clips") && attempt < 3)
            {
                // 71 random bits make this all but impossible; a fresh slug settles it.
                db.ChangeTracker.Clear();
                clip.ChangeSlug(ClipSlugs.New());
            }
        }
        signal.Notify(JobKinds.Clip);
        return TypedResults.Accepted($"/api/clips/{clip.Slug}", new ClipAccepted(clip.Slug, clip.Status));
    }

    internal static async Task<Results<Ok<ClipResponse>, ProblemHttpResult>> GetAsync(string slug, ContentDbContext db, CancellationToken cancellationToken)
    {
        if (!ClipSlugs.IsPlausible(slug)) return ApiProblems.NotFound("clip");
        var found = await db.Clips.AsNoTracking().Where(c => c.Slug == slug)
            .Select(c => new { Clip = c, User = db.UserReplicas.FirstOrDefault(u => u.UserId == c.CreatorId) })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null
            ? ApiProblems.NotFound("clip")
            : TypedResults.Ok(ContentViews.ToResponse(found.Clip, found.User?.Username, found.User?.DisplayName));
    }

    internal static async Task<Results<Ok<Page<ClipResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string slug, string? sort, string? period, int? limit, string? cursor, ContentDbContext db, BroadcastDirectory directory, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        sort ??= "top";
        period ??= "week";
        errors.Check(sort is not ("top" or "recent"), "sort", "sort is top or recent.");
        TimeSpan? span = period switch { "day" => TimeSpan.FromDays(1), "week" => TimeSpan.FromDays(7), "month" => TimeSpan.FromDays(30), _ => null };
        errors.Check(span is null && period != "all", "period", "period is day, week, month or all.");
        var top = sort == "top";
        var offset = 0;
        var page = PageRequest.Read(limit, top ? null : cursor, errors);
        if (top && cursor is not null) errors.Check(!OffsetCursor.TryRead(cursor, out offset), "cursor", "The cursor is not one this API gave out.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channel = await directory.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");

        var clips = db.Clips.AsNoTracking().Where(c => c.ChannelId == channel.Id && c.Status == ClipStatuses.Ready && c.IsPublic);
        if (span is { } within)
        {
            var since = clock.GetUtcNow().UtcDateTime - within;
            clips = clips.Where(c => c.CreatedAt >= since);
        }
        if (top)
        {
            // Views move while people page: an offset cursor, as for other lists ordered by a count.
            clips = clips.OrderByDescending(c => c.Views).ThenByDescending(c => c.Likes).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id)
                .Skip(offset);
        }
        else
        {
            if (page is { AfterTime: { } time, AfterId: { } id }) clips = clips.Where(c => c.CreatedAt < time || (c.CreatedAt == time && c.Id.CompareTo(id) < 0));
            clips = clips.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        }
        var rows = await clips.Take(page.Limit + 1)
            .Select(c => new { Clip = c, User = db.UserReplicas.FirstOrDefault(u => u.UserId == c.CreatorId) })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r => ContentViews.ToResponse(r.Clip, r.User?.Username, r.User?.DisplayName)).ToList();
        if (!top) return TypedResults.Ok(page.ToPage(items, c => (c.CreatedAt, c.Id)));
        var more = items.Count > page.Limit;
        return TypedResults.Ok(new Page<ClipResponse>(items.Take(page.Limit).ToList(), more ? OffsetCursor.Write(offset + page.Limit) : null));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string slug, ClaimsPrincipal principal, ContentDbContext db, BroadcastDirectory directory, IMediaStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!ClipSlugs.IsPlausible(slug)) return ApiProblems.NotFound("clip");
        var userId = principal.UserId();
        var isAdmin = principal.IsInRole(Roles.Admin);
        var found = await db.Clips.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (found is null) return ApiProblems.NotFound("clip");
        var ownsChannel = found.CreatorId != userId && !isAdmin && await directory.OwnsChannelAsync(found.ChannelId, userId, cancellationToken);
        if (!found.MayBeDeletedBy(userId, isAdmin, ownsChannel)) return ApiProblems.Forbidden("Only the clip's creator, the channel's owner or an admin deletes a clip.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var clip = (await db.Clips.FromSql($"SELECT * FROM clips WHERE id = {found.Id} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
        if (clip is null) return ApiProblems.NotFound("clip");
        var jobs = await db.ProcessingJobs.FromSql($"SELECT * FROM processing_jobs WHERE id = {clip.Id} FOR UPDATE").ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var key in jobs.Select(j => j.OutputKey).Append(clip.MediaKey).OfType<string>().Distinct())
        {
            db.MediaDeletions.Add(new MediaDeletion(DeletionKinds.ClipMedia, key, now));
        }
        db.ProcessingJobs.RemoveRange(jobs);
        db.Clips.Remove(clip);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (clip.MediaKey is { } mediaKey) await store.DeleteAsync(new MediaItem(MediaKind.Clip, mediaKey), CancellationToken.None);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<ViewCount>, ValidationProblem, ProblemHttpResult>> CountViewAsync(
        string slug, ViewRequest? request, ClaimsPrincipal principal, ContentDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var viewer = ViewCounter.ViewerKey(principal, request, errors);
        if (viewer is null) return TypedResults.ValidationProblem(errors.ToDictionary());
        if (!ClipSlugs.IsPlausible(slug)) return ApiProblems.NotFound("clip");
        var clip = await db.Clips.AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Id, c.Status }).SingleOrDefaultAsync(cancellationToken);
        if (clip is null) return ApiProblems.NotFound("clip");
        if (clip.Status != ClipStatuses.Ready) return ApiProblems.Conflict("clip-not-ready", "The clip is not ready to watch yet.");
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new ViewCount(await ViewCounter.CountClipAsync(db, clip.Id, viewer, day, cancellationToken)));
    }
}
