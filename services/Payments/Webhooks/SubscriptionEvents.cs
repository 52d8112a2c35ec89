using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace AeThexLive.Payments.Webhooks;

/// <summary>
/// Applies Stripe's subscription and invoice events. Whatever the event says, the subscription's row takes Stripe's
/// state as it is now (read under the row's lock), so events delivered late, twice or in any order leave it as Stripe
/// has it; expired stays expired. A paid invoice books one revenue split (business key <c>in_…:paid</c>) and announces
/// the start or the renewal with it. The event id is recorded in the same transaction.
/// </summary>
public sealed partial class SubscriptionEvents(
    PaymentsDbContext db, StripeBilling billing, PaymentBooking booking, TimeProvider clock, ILogger<SubscriptionEvents> logger)
{
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string SubscriptionUpdated = "customer.subscription.updated";
    public const string SubscriptionDeleted = "customer.subscription.deleted";

    public static readonly IReadOnlyList<string> HandledTypes = [InvoicePaid, InvoicePaymentFailed, SubscriptionUpdated, SubscriptionDeleted];

    public async Task<EventOutcome> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var (stripeSubscriptionId, metadata, invoice) = stripeEvent.Data.Object switch
        {
            Stripe.Subscription s => (s.Id, s.Metadata, (Invoice?)null),
            Invoice i => (i.Parent?.SubscriptionDetails?.SubscriptionId, i.Parent?.SubscriptionDetails?.Metadata, i),
            _ => (null, null, null),
        };
        if (stripeSubscriptionId is null) return EventOutcome.Ignored;
        if (await db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == stripeEvent.Id, cancellationToken)) return EventOutcome.Duplicate;
        var subscriptionId = await FindAsync(stripeSubscriptionId, metadata, cancellationToken);
        if (subscriptionId is null)
        {
            // Not ours, or ours while the request making it has not committed yet: left unrecorded, so a redelivery or the
            // reconciler can still apply it.
            LogUnknownSubscription(stripeEvent.Id, stripeSubscriptionId);
            return EventOutcome.Ignored;
        }

        // The money side of a paid invoice never changes once paid: read it before any row is locked.
        Settlement? settlement = null;
        var paidKey = invoice is null ? null : PaymentBooking.InvoicePaidKey(invoice.Id);
        if (stripeEvent.Type == InvoicePaid && invoice!.AmountPaid > 0
            && !await db.LedgerTransactions.AnyAsync(t => t.BusinessKey == paidKey, cancellationToken))
        {
            settlement = await billing.InvoiceSettlementAsync(invoice.Id, cancellationToken);
        }

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime, "received_at");
        var recorded = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO processed_webhook_events (event_id, event_type, received_at)
            VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {now})
            ON CONFLICT (event_id) DO NOTHING
            """, cancellationToken);
        if (recorded == 0) return EventOutcome.Duplicate;

        var subscription = await db.LockSubscriptionAsync(subscriptionId.Value, cancellationToken)
            ?? throw new InvalidOperationException($"Subscription {subscriptionId} vanished.");
        var at = stripeEvent.Created.ToUniversalTime();
        var ended = subscription.SyncFrom(await billing.StateAsync(stripeSubscriptionId, cancellationToken));

        if (settlement is not null && !await db.LedgerTransactions.AnyAsync(t => t.BusinessKey == paidKey, cancellationToken))
        {
            await booking.BookInvoiceAsync(subscription, invoice!.Id, settlement, at, cancellationToken);
            await AnnouncePaymentAsync(subscription, invoice.BillingReason, at, cancellationToken);
        }
        if (ended)
        {
            db.AddEvent(new SubscriptionEnded(subscription.Id, subscription.ChannelId, subscription.SubscriberId, subscription.Tier,
                subscription.EndedAt ?? at));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EventOutcome.Applied;
    }

    private async Task<Guid?> FindAsync(string stripeSubscriptionId, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var byStripeId = await db.Subscriptions.AsNoTracking().Where(s => s.StripeSubscriptionId == stripeSubscriptionId)
            .Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        if (byStripeId is not null) return byStripeId;
        if (metadata is null || !metadata.TryGetValue(StripeBilling.SubscriptionIdKey, out var text) || !Guid.TryParse(text, out var id))
        {
            return null;
        }
        return await db.Subscriptions.AsNoTracking()
            .Where(s => s.Id == id && (s.StripeSubscriptionId == null || s.StripeSubscriptionId == stripeSubscriptionId))
            .Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The first paid invoice starts the subscription, a cycle's renews it; a tier change's proration only moves money.</summary>
    private async Task AnnouncePaymentAsync(Domain.Subscription subscription, string? billingReason, DateTime at,
        CancellationToken cancellationToken)
    {
        var username = await db.UserReplicas.AsNoTracking().Where(u => u.UserId == subscription.SubscriberId).Select(u => u.Username)
            .SingleOrDefaultAsync(cancellationToken) ?? subscription.SubscriberName;
        switch (billingReason)
        {
            case "subscription_create":
                db.AddEvent(new SubscriptionStarted(subscription.Id, subscription.ChannelId, subscription.SubscriberId, username,
                    subscription.Tier, at));
                break;
            case "subscription_cycle":
                db.AddEvent(new SubscriptionRenewed(subscription.Id, subscription.ChannelId, subscription.SubscriberId, username,
                    subscription.Tier, at, subscription.RenewalDate));
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId}: subscription {StripeSubscriptionId} is not (yet) ours")]
    private partial void LogUnknownSubscription(string eventId, string stripeSubscriptionId);
}
