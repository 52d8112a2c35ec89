using AeThexLive.Payments.Payouts;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Workers;

/// <summary>
/// Pays creators without an admin: every <see cref="PayoutOptions.CheckInterval"/> it runs the payouts of the period
/// <see cref="PayoutSchedule"/> says is due. A run claims each (channel, currency, period) once however many replicas or
/// checks overlap, so checking often costs one query when there is nothing new, and it finishes sends a failed run left.
/// </summary>
public sealed partial class MonthlyPayoutWorker(
    IServiceScopeFactory scopes, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<MonthlyPayoutWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var payouts = options.Value.Payouts;
        if (PayoutSchedule.DuePeriodEnd(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), payouts.PayDay) is null)
        {
            LogOff(payouts.PayDay);
            return;
        }
        using var timer = new PeriodicTimer(payouts.CheckInterval, clock);
        do
        {
            try
            {
                var periodEnd = PayoutSchedule.DuePeriodEnd(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), payouts.PayDay)!.Value;
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<PayoutRun>().RunAsync(periodEnd, stoppingToken);
                if (result.Claimed + result.Sent + result.Failed > 0)
                {
                    LogRan(periodEnd, result.Claimed, result.ClaimedCents, result.Sent, result.Failed, result.Unsent);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic payouts are off (pay day {PayDay}); an admin runs them")]
    private partial void LogOff(int payDay);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Payouts for the period ending {PeriodEnd}: {Claimed} claimed ({ClaimedCents} cents), {Sent} sent, {Failed} failed, {Unsent} left to send")]
    private partial void LogRan(DateOnly periodEnd, int claimed, long claimedCents, int sent, int failed, int unsent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The automatic payout run failed; trying again at the next check")]
    private partial void LogFailed(Exception exception);
}
