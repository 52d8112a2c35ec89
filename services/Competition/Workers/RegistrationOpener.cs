using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Tournaments;
using AeThexLive.Competition.Tournaments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Competition.Workers;

/// <summary>
/// Opens registration by itself once a draft tournament's registrationOpensAt has come. One
/// conditional UPDATE: with several instances, or an organiser opening it early at the same
/// moment, each tournament still moves from draft to registration once.
/// </summary>
public sealed partial class RegistrationOpener(IServiceScopeFactory scopes, IOptions<TournamentOptions> options, TimeProvider clock,
    ILogger<RegistrationOpener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RegistrationCheckInterval);
        do
        {
            try
            {
                await OpenDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> OpenDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CompetitionDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Tournaments.Where(t => t.Status == TournamentStatuses.Draft && t.RegistrationOpensAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.Status, TournamentStatuses.Registration), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Opening due tournament registrations failed; trying again")]
    private partial void LogFailed(Exception exception);
}
