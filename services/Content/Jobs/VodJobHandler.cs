using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Media;
using AeThexLive.Content.Processing;
using AeThexLive.Contracts.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Content.Jobs;

/// <summary>
/// Makes an ended broadcast's VOD: renders it in a staging folder, then, in one transaction that
/// still holds the job, moves the folder into place, marks the VOD ready with its VodReady event,
/// schedules the recordings' removal and finishes the job.
/// </summary>
public sealed class VodJobHandler(IOptions<VodOptions> options, TimeProvider clock) : IJobHandler
{
    public string Kind => JobKinds.Vod;
    public TimeSpan Lease => options.Value.Lease;
    public int MaxAttempts => options.Value.MaxAttempts;
    public TimeSpan RetryDelay => options.Value.RetryDelay;
    public TimeSpan PollInterval => options.Value.PollInterval;
    // One at a time: a VOD job already keeps a core busy (ffmpeg runs the thumbnail and storyboard side by side).
    public int Workers => 1;

    public async Task RunAsync(IServiceProvider services, ClaimedJob job, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ContentDbContext>();
        var store = services.GetRequiredService<IMediaStore>();
        var queue = services.GetRequiredService<JobQueue>();
        var archive = services.GetRequiredService<IngestArchive>();

        var vod = await db.Vods.AsNoTracking().SingleOrDefaultAsync(v => v.Id == job.Id, cancellationToken) ?? throw new LeaseLostException();
        // An earlier attempt may have moved its output into place and died before committing.
        if (job.OutputKey is { } abandoned && abandoned != vod.MediaKey) await store.DeleteAsync(new MediaItem(MediaKind.Vod, abandoned), cancellationToken);

        var recordings = vod.RecordingPaths
            .Select(path => archive.Recording(path) ?? throw new MediaProblem($"missing recording: {Path.GetFileName(path)} is not in the recordings folder"))
            .ToList();
        using var staging = store.Stage($"vod-{vod.Id:N}");
        var rendering = await services.GetRequiredService<VodRenderer>().RenderAsync(recordings, staging, options.Value.ReadRate, cancellationToken);

        var item = new MediaItem(MediaKind.Vod, MediaKeys.New());
        if (!await queue.RecordOutputAsync(job, item.Key, cancellationToken)) throw new LeaseLostException();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var held = await queue.LockIfHeldAsync(job, cancellationToken) ?? throw new LeaseLostException();
        var current = (await db.Vods.FromSql($"SELECT * FROM vods WHERE id = {job.Id} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault()
            ?? throw new LeaseLostException();
        // From here on the job and the VOD are locked: nobody else can claim, edit or delete them until this commits.
        await store.PublishAsync(staging, item, current.IsPublic, CancellationToken.None);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            current.MarkReady(item.Key, (int)Math.Round(rendering.DurationSeconds), rendering.Storyboard,
                store.Url(item, VodRenderer.ThumbnailFile, isPublic: true).Url, now);
            if (rendering.Keyframes.Count > 0) db.VodKeyframes.Add(new VodKeyframes(current.Id, [.. rendering.Keyframes]));
            db.AddEvent(new VodReady(current.Id, current.StreamId, current.ChannelId, current.OwnerId, current.ChannelSlug, current.Title,
                current.DurationSeconds!.Value, current.IsPublic, now));
            foreach (var path in current.RecordingPaths)
            {
                db.MediaDeletions.Add(new MediaDeletion(DeletionKinds.Recording, path, now + options.Value.SourceRetention));
            }
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

    public async Task FailAsync(IServiceProvider services, ClaimedJob job, string reason, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ContentDbContext>();
        var queue = services.GetRequiredService<JobQueue>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var held = await queue.LockIfHeldAsync(job, cancellationToken);
        var vod = (await db.Vods.FromSql($"SELECT * FROM vods WHERE id = {job.Id} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
        if (held is null || vod is null) return;
        vod.MarkFailed(reason);
        db.AddEvent(new VodFailed(vod.Id, vod.StreamId, vod.ChannelId, vod.OwnerId, vod.ChannelSlug, vod.FailureReason!, clock.GetUtcNow().UtcDateTime));
        queue.Finish(held, reason);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
