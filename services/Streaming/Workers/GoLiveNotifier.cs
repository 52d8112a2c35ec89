using AeThexLive.Streaming.Notifications;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Workers;

/// <summary>
/// Runs go-live fan-outs in the background, one batch of each unfinished broadcast in turn: a channel
/// with 100,000 followers shares the notifier with one that has ten instead of making it wait, and no
/// request ever waits for either. Several replicas share the work: a batch locks its fan-out, and a
/// fan-out another replica holds is skipped for now.
/// </summary>
public sealed partial class GoLiveNotifier(
    IServiceScopeFactory scopes, GoLiveSignal signal, IOptions<NotificationOptions> options, ILogger<GoLiveNotifier> logger) : BackgroundService
{
    /// <summary>Broadcasts taken in turn in one round; more wait for the next round.</summary>
    private const int MaxConcurrentFanouts = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFanoutFailed(ex);
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Works until no fan-out has anything left that this instance may take.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var fanout = scope.ServiceProvider.GetRequiredService<FollowerFanout>();
        var pending = await fanout.PendingAsync(MaxConcurrentFanouts, cancellationToken);
        while (pending.Count > 0)
        {
            var stillGoing = new List<Guid>(pending.Count);
            foreach (var streamId in pending)
            {
                if (await fanout.RunBatchAsync(streamId, cancellationToken)) stillGoing.Add(streamId);
            }
            pending = stillGoing;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Go-live fan-out failed; trying again shortly")]
    private partial void LogFanoutFailed(Exception exception);
}
