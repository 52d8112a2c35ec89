using AeThexLive.Payments.Data;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace AeThexLive.Payments.Workers;

/// <summary>
/// Heals what a lost webhook missed: every <see cref="ReconcilerOptions.Interval"/> it lists Stripe's recent events of
/// the handled types and applies those never recorded, through the same processor as the webhook (so an event that
/// arrives both ways still has one effect).
/// </summary>
public sealed partial class StripeEventReconciler(
    IServiceScopeFactory scopes, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<StripeEventReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Reconciler.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var healed = await ReconcileAsync(stoppingToken);
                if (healed > 0) LogHealed(healed);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
    }

    /// <returns>How many missed events were applied.</returns>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var stripe = scope.ServiceProvider.GetRequiredService<StripePayments>();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - options.Value.Reconciler.Lookback;
        var settled = now - options.Value.Reconciler.Grace;

        var missed = new List<Event>();
        var page = new List<Event>();
        await foreach (var stripeEvent in stripe.RecentEventsAsync(StripeEventProcessor.HandledTypes, since, cancellationToken))
        {
            if (stripeEvent.Created.ToUniversalTime() > settled) continue;
            page.Add(stripeEvent);
            if (page.Count == 100) missed.AddRange(await UnrecordedAsync(db, page, cancellationToken));
        }
        missed.AddRange(await UnrecordedAsync(db, page, cancellationToken));

        var applied = 0;
        // Oldest first, as they happened; the processor's forward-only rule makes the order matter little.
        foreach (var stripeEvent in missed.OrderBy(e => e.Created))
        {
            await using var eventScope = scopes.CreateAsyncScope();
            var processor = eventScope.ServiceProvider.GetRequiredService<StripeEventProcessor>();
            if (await processor.ApplyAsync(stripeEvent, cancellationToken) == EventOutcome.Applied) applied++;
        }
        return applied;
    }

    private static async Task<List<Event>> UnrecordedAsync(PaymentsDbContext db, List<Event> page, CancellationToken cancellationToken)
    {
        var ids = page.Select(e => e.Id).ToList();
        var recorded = await db.ProcessedWebhookEvents.AsNoTracking().Where(e => ids.Contains(e.EventId)).Select(e => e.EventId)
            .ToListAsync(cancellationToken);
        var unrecorded = page.Where(e => !recorded.Contains(e.Id)).ToList();
        page.Clear();
        return unrecorded;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciler applied {Count} Stripe events the webhook had not delivered")]
    private partial void LogHealed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling Stripe events failed; trying again next time")]
    private partial void LogFailed(Exception exception);
}
