using System.Text.Json;
using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Media;
using AeThexLive.Content.Processing;
using AeThexLive.Contracts.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Content.Jobs;

/// <summary>
/// Cuts a clip (Processing/ClipCutter.cs) and publishes it: the media moves into place, the clip
/// becomes ready and ClipCreated is written, in one transaction that still holds the job.
/// </summary>
public sealed class ClipJobHandler(IOptions<ClipOptions> options, TimeProvider clock) : IJobHandler
{
    /// <summary>How long a live cut waits for the fragment holding its last moment to be complete.</summary>
    private static readonly TimeSpan FragmentWait = TimeSpan.FromSeconds(5);

    public string Kind => JobKinds.Clip;
    public TimeSpan Lease => options.Value.Lease;
    public int MaxAttempts => options.Value.MaxAttempts;
    public TimeSpan RetryDelay => TimeSpan.FromMilliseconds(500);
    public TimeSpan PollInterval => TimeSpan.FromSeconds(2);
    // Copy cuts are mostly I/O: two at once keep a burst of clip requests moving.
    public int Workers => 2;

    public async Task RunAsync(IServiceProvider services, ClaimedJob job, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ContentDbContext>();
        var store = services.GetRequiredService<IMediaStore>();
        var queue = services.GetRequiredService<JobQueue>();
        var cutter = services.GetRequiredService<ClipCutter>();

        var clip = await db.Clips.AsNoTracking().SingleOrDefaultAsync(c => c.Id == job.Id, cancellationToken) ?? throw new LeaseLostException();
        var window = JsonSerializer.Deserialize<ClipWindow>(job.Payload ?? "null", JsonSerializerOptions.Web)
            ?? throw new MediaProblem("the clip's window is missing");
        if (job.OutputKey is { } abandoned) await store.DeleteAsync(new MediaItem(MediaKind.Clip, abandoned), cancellationToken);

        using var staging = store.Stage($"clip-{clip.Id:N}");
        ClipRendering rendering;
        if (window.From is { } from)
        {
            var fragments = await LiveFragmentsAsync(services.GetRequiredService<IngestArchive>(), clip.ChannelSlug, from.AddSeconds(window.Seconds),
                window.NotBefore ?? DateTime.MinValue, cancellationToken);
            rendering = await cutter.CutLiveAsync(fragments, from, window.Seconds, staging, cancellationToken);
        }
        else
        {
            var vod = clip.VodId is { } vodId ? await db.Vods.AsNoTracking().SingleOrDefaultAsync(v => v.Id == vodId, cancellationToken) : null;
            if (vod is not { IsReady: true, MediaKey: { } key }) throw new MediaProblem("the VOD the clip comes from is gone");
            var video = store.ReadLocation(new MediaItem(MediaKind.Vod, key), VodRenderer.VideoFile, vod.IsPublic);
            var keyframes = await db.VodKeyframes.Where(k => k.VodId == vod.Id).Select(k => k.Seconds).SingleOrDefaultAsync(cancellationToken);
            rendering = await cutter.CutVodAsync(video, keyframes, window.OffsetSeconds ?? 0, window.Seconds, staging, cancellationToken);
        }

        var item = new MediaItem(MediaKind.Clip, MediaKeys.New());
        if (!await queue.RecordOutputAsync(job, item.Key, cancellationToken)) throw new LeaseLostException();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var held = await queue.LockIfHeldAsync(job, cancellationToken) ?? throw new LeaseLostException();
        var current = (await db.Clips.FromSql($"SELECT * FROM clips WHERE id = {job.Id} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault()
            ?? throw new LeaseLostException();
        await store.PublishAsync(staging, item, isPublic: true, CancellationToken.None);
        try
        {
            current.MarkReady(item.Key, store.Url(item, ClipCutter.VideoFile, true).Url, store.Url(item, ClipCutter.ThumbnailFile, true).Url,
                (int)Math.Round(rendering.DurationSeconds));
            db.AddEvent(new ClipCreated(current.Id, current.Slug, current.ChannelId, current.ChannelSlug, current.CreatorId, current.VodId,
                current.StreamId, current.Title, current.DurationSeconds!.Value, clock.GetUtcNow().UtcDateTime));
            queue.Finish(held, null);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            await store.DeleteAsync(item, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The broadcast's fragments once the one holding <paramref name="until"/> is complete (nginx lists a
    /// fragment when it closes, at most one fragment after live); after a short wait, whatever is there.
    /// </summary>
    private async Task<IReadOnlyList<DvrFragment>> LiveFragmentsAsync(IngestArchive archive, string slug, DateTime until, DateTime notBefore,
        CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + FragmentWait;
        while (true)
        {
            // A second of slack: a fragment opens when its first packet arrives, just after the stream's start is recorded.
            var fragments = (await archive.DvrFragmentsAsync(slug, cancellationToken)).Where(f => f.StartsAt >= notBefore.AddSeconds(-1)).ToList();
            if ((fragments.Count > 0 && fragments[^1].EndsAt >= until) || clock.GetUtcNow() >= deadline) return fragments;
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    public async Task FailAsync(IServiceProvider services, ClaimedJob job, string reason, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ContentDbContext>();
        var queue = services.GetRequiredService<JobQueue>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var held = await queue.LockIfHeldAsync(job, cancellationToken);
        var clip = (await db.Clips.FromSql($"SELECT * FROM clips WHERE id = {job.Id} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
        if (held is null || clip is null) return;
        clip.MarkFailed(reason);
        queue.Finish(held, reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
