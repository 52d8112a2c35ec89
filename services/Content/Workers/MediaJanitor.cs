using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using AeThexLive.Messaging;

namespace AeThexLive.Content.Workers;

/// <summary>
/// Housekeeping on a timer: VODs past their channel's retention are deleted (clips stay); files
/// queued for removal (deleted VODs and clips, recordings of ready VODs once their delay has
/// passed) are removed; yesterday's view records and abandoned staging folders go. Every step is
/// safe to run on several instances at once: rows are taken with SKIP LOCKED, and removing a
/// file that is already gone is a no-op.
/// </summary>
public sealed partial class MediaJanitor(IServiceScopeFactory scopes, IOptions<JanitorOptions> options, IOptions<VodOptions> vodOptions,
    TimeProvider clock, ILogger<MediaJanitor> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping mid-sweep: the next start sweeps again.
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var expired = await RemoveExpiredVodsAsync(services.GetRequiredService<ContentDbContext>(), cancellationToken);
        var removed = await RemoveDueFilesAsync(services, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await services.GetRequiredService<ContentDbContext>().Views.Where(v => v.Day < today.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        await services.GetRequiredService<IMediaStore>().RemoveAbandonedStagingAsync(TimeSpan.FromHours(6), cancellationToken);
        if (expired + removed > 0) LogSwept(expired, removed);
    }

    private async Task<int> RemoveExpiredVodsAsync(ContentDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = vodOptions.Value;
        var removed = 0;
        foreach (var (slug, retention) in settings.ChannelRetention.Select(kv => ((string?)kv.Key.ToLowerInvariant(), kv.Value)).Append((null, settings.Retention)))
        {
            var cutoff = now - retention;
            var overridden = settings.ChannelRetention.Keys.Select(k => k.ToLowerInvariant()).ToArray();
            while (true)
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var vods = slug is null
                    ? await db.Vods.FromSql($"SELECT * FROM vods WHERE created_at < {SqlTimestamp.Of(cutoff)} AND NOT (channel_slug = ANY({overridden})) ORDER BY created_at LIMIT {Batch} FOR UPDATE SKIP LOCKED")
                        .ToListAsync(cancellationToken)
                    : await db.Vods.FromSql($"SELECT * FROM vods WHERE created_at < {SqlTimestamp.Of(cutoff)} AND channel_slug = {slug} ORDER BY created_at LIMIT {Batch} FOR UPDATE SKIP LOCKED")
                        .ToListAsync(cancellationToken);
                foreach (var vod in vods) await VodRemoval.RemoveAsync(db, vod, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                removed += vods.Count;
                if (vods.Count < Batch) break;
            }
        }
        return removed;
    }

    private async Task<int> RemoveDueFilesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ContentDbContext>();
        var store = services.GetRequiredService<IMediaStore>();
        var archive = services.GetRequiredService<IngestArchive>();
        var now = clock.GetUtcNow().UtcDateTime;
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.MediaDeletions
            .FromSql($"SELECT * FROM media_deletions WHERE due_at <= {SqlTimestamp.Of(now)} ORDER BY due_at LIMIT {Batch} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        foreach (var deletion in due)
        {
            try
            {
                switch (deletion.Kind)
                {
                    case DeletionKinds.VodMedia:
                        await store.DeleteAsync(new MediaItem(MediaKind.Vod, deletion.Key), cancellationToken);
                        break;
                    case DeletionKinds.ClipMedia:
                        await store.DeleteAsync(new MediaItem(MediaKind.Clip, deletion.Key), cancellationToken);
                        break;
                    case DeletionKinds.Recording:
                        archive.DeleteRecording(deletion.Key);
                        break;
                }
                db.MediaDeletions.Remove(deletion);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                LogDeleteFailed(ex, deletion.Kind, deletion.Key);
                if (ex is ArgumentException) db.MediaDeletions.Remove(deletion);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Vods} expired VODs and {Files} queued files")]
    private partial void LogSwept(int vods, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove {Kind} {Key}; trying again next sweep")]
    private partial void LogDeleteFailed(Exception exception, string kind, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media sweep failed; trying again next time")]
    private partial void LogSweepFailed(Exception exception);
}
