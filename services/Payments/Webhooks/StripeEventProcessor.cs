using AeThexLive.Contracts.Payments;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Stripe;
using AeThexLive.Messaging;

namespace AeThexLive.Payments.Webhooks;

public enum EventOutcome
{
    Applied,
    /// <summary>Seen before (a redelivery, or the reconciler got there first): no second effect.</summary>
    Duplicate,
    /// <summary>Not an event Payments acts on, or about a payment that is not ours.</summary>
    Ignored,
}

/// <summary>
/// Applies one verified Stripe event, whether the webhook delivered it or the reconciler found it. The event id is
/// recorded in the same transaction as the effect, first of all (a copy arriving at the same moment waits on that
/// row, then finds it), and the purchase is locked while it changes; its state only moves forward, so a stale
/// payment_failed after a success changes nothing. Anything that fails throws: the webhook answers 5xx and Stripe
/// delivers again.
/// </summary>
public sealed partial class StripeEventProcessor(
    PaymentsDbContext db, StripePayments stripe, SubscriptionEvents subscriptions, ReversalEvents reversals, PaymentBooking booking,
    PayoutEvents payouts, GiftedSubscriptions gifted, TimeProvider clock, ILogger<StripeEventProcessor> logger)
{
    public const string PaymentSucceeded = "payment_intent.succeeded";
    public const string PaymentFailed = "payment_intent.payment_failed";
    public const string PaymentCanceled = "payment_intent.canceled";

    /// <summary>The event types acted on: the webhook ignores others, the reconciler lists these.</summary>
    public static readonly IReadOnlyList<string> HandledTypes =
        [PaymentSucceeded, PaymentFailed, PaymentCanceled, .. SubscriptionEvents.HandledTypes, .. ReversalEvents.HandledTypes,
        .. PayoutEvents.HandledTypes];

    public async Task<EventOutcome> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        if (SubscriptionEvents.HandledTypes.Contains(stripeEvent.Type)) return await subscriptions.ApplyAsync(stripeEvent, cancellationToken);
        if (ReversalEvents.HandledTypes.Contains(stripeEvent.Type)) return await reversals.ApplyAsync(stripeEvent, cancellationToken);
        if (PayoutEvents.HandledTypes.Contains(stripeEvent.Type)) return await payouts.ApplyAsync(stripeEvent, cancellationToken);
        if (!HandledTypes.Contains(stripeEvent.Type) || stripeEvent.Data.Object is not PaymentIntent intent) return EventOutcome.Ignored;
        if (!intent.Metadata.TryGetValue(StripePayments.PurchaseKindKey, out var kind)
            || !intent.Metadata.TryGetValue(StripePayments.PurchaseIdKey, out var idText) || !Guid.TryParse(idText, out var purchaseId))
        {
            LogForeignIntent(stripeEvent.Id, intent.Id);
            return EventOutcome.Ignored;
        }
        if (await db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == stripeEvent.Id, cancellationToken)) return EventOutcome.Duplicate;

        // Stripe is asked for the fee before any row is locked, and only while the purchase still needs it.
        Settlement? settlement = null;
        if (stripeEvent.Type == PaymentSucceeded
            && await db.StatusAsync(kind, purchaseId, cancellationToken) is not (null or PurchaseStatuses.Completed))
        {
            settlement = await stripe.SettlementAsync(intent.LatestChargeId, cancellationToken);
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

        var purchase = await db.LockAsync(kind, purchaseId, cancellationToken);
        if (purchase is null)
        {
            LogUnknownPurchase(stripeEvent.Id, kind, purchaseId);
            await transaction.CommitAsync(cancellationToken);
            return EventOutcome.Ignored;
        }

        switch (stripeEvent.Type)
        {
            case PaymentSucceeded:
                var at = stripeEvent.Created.ToUniversalTime();
                settlement ??= await stripe.SettlementAsync(intent.LatestChargeId, cancellationToken);
                if (purchase.Complete(intent.Id, settlement.ChargeId, at))
                {
                    await booking.BookAsync(purchase, intent.Id, settlement, at, cancellationToken);
                    await AnnounceAsync(purchase, at, cancellationToken);
                }
                break;
            default:
                purchase.Fail(intent.Id);
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EventOutcome.Applied;
    }

    /// <summary>The event other services react to (Chat's alert), published once through the outbox with the completion.</summary>
    private async Task AnnounceAsync(IPaidPurchase purchase, DateTime at, CancellationToken cancellationToken)
    {
        var buyer = await db.UserReplicas.AsNoTracking().Where(u => u.UserId == purchase.BuyerId).Select(u => u.Username)
            .SingleOrDefaultAsync(cancellationToken) ?? purchase.BuyerName;
        switch (purchase)
        {
            case Donation donation:
                db.AddEvent(new DonationCompleted(donation.Id, donation.ChannelId, donation.DonorId, buyer, donation.AmountCents,
                    donation.Currency, donation.Message, at));
                break;
            case Gift gift:
                // A gift of subscriptions gives them in this transaction; its alert names the tier, not "sub_premium", and a
                // community gift names no recipient (its recipients each have their SubscriptionStarted).
                if (gift.SubscriptionTier is not null) await gifted.PlaceAsync(gift, buyer, at, cancellationToken);
                db.AddEvent(new GiftSent(gift.Id, gift.ChannelId, gift.GifterId, buyer, gift.SubscriptionTier ?? gift.GiftType,
                    gift.Quantity, at, gift.GiftType, gift.AmountCents, gift.Currency, gift.Message,
                    gift.IsCommunity ? null : gift.RecipientId, gift.RecipientName, gift.StreamId));
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId}: PaymentIntent {IntentId} is not one of ours")]
    private partial void LogForeignIntent(string eventId, string intentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} names {Kind} {PurchaseId}, which does not exist")]
    private partial void LogUnknownPurchase(string eventId, string kind, Guid purchaseId);
}
