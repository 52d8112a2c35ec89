using AeThexLive.Competition.Leaderboards;
using Microsoft.Extensions.Options;

namespace AeThexLive.Competition.Workers;

/// <summary>Archives ended periods every ArchiveInterval (see <see cref="LeaderboardArchiver"/>).</summary>
public sealed partial class PeriodArchiving(IServiceScopeFactory scopes, IOptions<LeaderboardOptions> options, ILogger<PeriodArchiving> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ArchiveInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LeaderboardArchiver>().ArchiveDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archiving ended leaderboard periods failed; trying again")]
    private partial void LogFailed(Exception exception);
}
