using AeThexLive.Payments.Ledger;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Workers;

/// <summary>Releases creators' pending shares whose hold has passed, every <see cref="LedgerOptions.ReleaseInterval"/>.</summary>
public sealed partial class PayableReleaseWorker(
    IServiceScopeFactory scopes, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<PayableReleaseWorker> logger) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Ledger.ReleaseInterval, clock);
        do
        {
            try
            {
                int released;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    released = await scope.ServiceProvider.GetRequiredService<PayableRelease>()
                        .ReleaseDueAsync(clock.GetUtcNow().UtcDateTime, BatchSize, stoppingToken);
                    if (released > 0) LogReleased(released);
                }
                while (released == BatchSize);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} creator shares from their hold")]
    private partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing held creator shares failed; trying again next time")]
    private partial void LogFailed(Exception exception);
}
