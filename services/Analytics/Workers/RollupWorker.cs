using System.Diagnostics;
using AeThexLive.Analytics.Rollups;
using Microsoft.Extensions.Options;

namespace AeThexLive.Analytics.Workers;

/// <summary>
/// Recomputes dirty buckets as soon as a batch signals new facts (or every poll interval, for
/// batches written by other replicas), page after page until none is left, then rests in
/// proportion to the time that took (<see cref="AnalyticsOptions.RollupBusyShare"/>): a quiet
/// platform's figures show at once, a busy one's every second or so, without rollups taking the
/// CPU its ingest needs. A failed pass leaves its buckets dirty, so the next one computes them.
/// </summary>
public sealed partial class RollupWorker(
    IServiceScopeFactory scopes, RollupSignal signal, IOptions<AnalyticsOptions> options, ILogger<RollupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var rest = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero) await Task.Delay(backoff, stoppingToken);
                else
                {
                    if (rest > TimeSpan.Zero) await Task.Delay(rest, stoppingToken);
                    await signal.WaitAsync(options.Value.RollupPollInterval, stoppingToken);
                }
                var clock = Stopwatch.StartNew();
                await using var scope = scopes.CreateAsyncScope();
                var runner = scope.ServiceProvider.GetRequiredService<RollupRunner>();
                while (await runner.RecomputeDirtyAsync(stoppingToken) >= options.Value.RollupMarksPerPass) { }
                var share = options.Value.RollupBusyShare;
                rest = clock.Elapsed * ((1 - share) / share);
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = TimeSpan.FromMilliseconds(Math.Clamp(backoff.TotalMilliseconds * 2, 250, 10_000));
                LogPassFailed(ex, backoff.TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rollup pass failed; its buckets stay dirty, trying again in {DelayMs} ms")]
    private partial void LogPassFailed(Exception exception, double delayMs);
}
