using AeThexLive.Identity.Security;

namespace AeThexLive.Identity.Workers;

/// <summary>Keeps the key ring current: maintenance at start and every minute.</summary>
public sealed class SigningKeyMaintenance(SigningKeyRing ring, ILogger<SigningKeyMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first key exists before the service takes requests.
        await ring.MaintainAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ring.MaintainAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Signing key maintenance failed; retrying in a minute");
            }
        }
    }
}
