using AeThexLive.Competition.Leaderboards;
using Microsoft.Extensions.Options;

namespace AeThexLive.Competition.Workers;

/// <summary>
/// Keeps the Redis sets right: rebuilds every open period from PostgreSQL at start-up, then
/// compares them with PostgreSQL every ConsistencyCheckInterval and rebuilds those that disagree.
/// </summary>
public sealed partial class RankingMaintenance(IServiceScopeFactory scopes, IOptions<LeaderboardOptions> options, ILogger<RankingMaintenance> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RunAsync((consistency, ct) => consistency.RebuildAllAsync(ct), stoppingToken);
        using var timer = new PeriodicTimer(options.Value.ConsistencyCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunAsync((consistency, ct) => consistency.CheckAsync(ct), stoppingToken);
        }
    }

    private async Task RunAsync(Func<RankingConsistency, CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await work(scope.ServiceProvider.GetRequiredService<RankingConsistency>(), stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the leaderboards' Redis sets failed; trying again at the next check")]
    private partial void LogFailed(Exception exception);
}
