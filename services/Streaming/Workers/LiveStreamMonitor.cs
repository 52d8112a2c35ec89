using AeThexLive.Contracts.Streaming;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using AeThexLive.Streaming.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Workers;

/// <summary>
/// Every couple of seconds: treats publishers the ingest server has gone silent about as
/// disconnected, ends streams whose publisher did not come back in time, closes
/// viewer sessions that stopped sending heartbeats, writes current/peak/unique viewers and
/// channel views to the database, and once a minute publishes each live stream's count.
/// Safe with several replicas: Redis decides who closes a session or takes a sample.
/// </summary>
public sealed partial class LiveStreamMonitor(
    IServiceScopeFactory scopes, IOptions<ViewerOptions> options, TimeProvider clock, ILogger<LiveStreamMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var lifecycle = scope.ServiceProvider.GetRequiredService<IngestLifecycle>();
                await lifecycle.DisconnectSilentAsync(stoppingToken);
                await lifecycle.EndAbandonedAsync(stoppingToken);
                await SweepAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    private async Task SweepAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<StreamingDbContext>();
        var viewers = services.GetRequiredService<ViewerTracker>();
        var now = clock.GetUtcNow().UtcDateTime;
        var minute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);

        var live = await db.Streams.Where(s => s.Status == StreamStatuses.Live).ToListAsync(cancellationToken);
        foreach (var stream in live)
        {
            foreach (var viewer in await viewers.TakeExpiredAsync(stream.Id))
            {
                db.AddEvent(ViewerSessions.Ended(stream, viewer));
            }
            var audience = await viewers.AudienceAsync(stream.Id);
            stream.RecordAudience(audience.Viewers, audience.Peak, audience.Unique, now);
            if (await viewers.ClaimSampleAsync(stream.Id, minute))
            {
                db.AddEvent(new ViewerCountSampled(stream.Id, stream.ChannelId, audience.Viewers, now));
            }
            var views = await viewers.TakePendingViewsAsync(stream.ChannelId);
            if (views > 0)
            {
                await db.Channels.Where(c => c.Id == stream.ChannelId)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.TotalViews, c => c.TotalViews + views), cancellationToken);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live stream sweep failed; trying again at the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
