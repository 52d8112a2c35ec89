using AeThexLive.Payments.Subscriptions;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Workers;

/// <summary>Every <see cref="GiftedSubscriptionOptions.Interval"/>: ends gifted months that are up, refunds gifts that could not be given.</summary>
public sealed partial class GiftedSubscriptionWorker(
    IServiceScopeFactory scopes, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<GiftedSubscriptionWorker> logger)
    : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GiftedSubscriptions.Interval, clock);
        do
        {
            try
            {
                int ended;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var gifted = scope.ServiceProvider.GetRequiredService<GiftedSubscriptions>();
                    ended = await gifted.ExpireDueAsync(clock.GetUtcNow().UtcDateTime, BatchSize, stoppingToken);
                    if (ended > 0) LogEnded(ended);
                }
                while (ended == BatchSize);
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<GiftedSubscriptions>()
                        .RefundUnplacedAsync(clock.GetUtcNow().UtcDateTime, BatchSize, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended {Count} gifted subscriptions whose month was up")]
    private partial void LogEnded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending or refunding gifted subscriptions failed; trying again next time")]
    private partial void LogFailed(Exception exception);
}
