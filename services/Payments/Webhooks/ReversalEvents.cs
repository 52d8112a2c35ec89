using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace AeThexLive.Payments.Webhooks;

/// <summary>
/// Refunds and disputes of our payments, from Stripe's events: each refund and each dispute's withdrawal (and
/// reinstatement, if won) is booked once, by its id, whichever of the admin's request, the several events telling of it
/// (<c>charge.refunded</c> and <c>refund.*</c>; <c>charge.dispute.created</c> and <c>…funds_withdrawn</c>;
/// <c>…closed</c> and <c>…funds_reinstated</c>) or the reconciler gets there first. The event id is recorded in the
/// same transaction. An event about a charge we have not booked is left unrecorded (it may be ours, paid by an event
/// not yet applied), so a redelivery or the reconciler applies it later.
/// </summary>
public sealed partial class ReversalEvents(
    PaymentsDbContext db, StripePayments stripe, PaymentReversals reversals, TimeProvider clock, ILogger<ReversalEvents> logger)
{
    public const string ChargeRefunded = "charge.refunded";
    public const string RefundCreated = "refund.created";
    public const string RefundUpdated = "refund.updated";
    public const string RefundFailed = "refund.failed";
    public const string DisputeCreated = "charge.dispute.created";
    public const string DisputeFundsWithdrawn = "charge.dispute.funds_withdrawn";
    public const string DisputeFundsReinstated = "charge.dispute.funds_reinstated";
    public const string DisputeClosed = "charge.dispute.closed";

    public static readonly IReadOnlyList<string> HandledTypes =
    [
        ChargeRefunded, RefundCreated, RefundUpdated, RefundFailed,
        DisputeCreated, DisputeFundsWithdrawn, DisputeFundsReinstated, DisputeClosed,
    ];

    public async Task<EventOutcome> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var chargeId = stripeEvent.Data.Object switch
        {
            Charge charge => charge.Id,
            Dispute dispute => dispute.ChargeId,
            Refund refund => refund.ChargeId,
            _ => null,
        };
        if (chargeId is null) return EventOutcome.Ignored;
        if (await db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == stripeEvent.Id, cancellationToken)) return EventOutcome.Duplicate;
        // charge.refunded names the charge, not which refund: Stripe's list of its refunds, as they are now, says.
        var refunds = stripeEvent.Data.Object is Charge ? await stripe.RefundsOfAsync(chargeId, cancellationToken) : [];

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime, "received_at");
        var recorded = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO processed_webhook_events (event_id, event_type, received_at)
            VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {now})
            ON CONFLICT (event_id) DO NOTHING
            """, cancellationToken);
        if (recorded == 0) return EventOutcome.Duplicate;

        var at = stripeEvent.Created.ToUniversalTime();
        var outcome = stripeEvent.Data.Object switch
        {
            Charge => await RefundsAsync(chargeId, refunds, at, cancellationToken),
            Refund refund => await RefundAsync(chargeId, refund, at, cancellationToken),
            Dispute dispute => await DisputeAsync(stripeEvent.Type, dispute, at, cancellationToken),
            _ => ReversalOutcome.UnknownCharge,
        };
        if (outcome == ReversalOutcome.UnknownCharge)
        {
            LogNotBooked(stripeEvent.Id, stripeEvent.Type, chargeId);
            return EventOutcome.Ignored;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return EventOutcome.Applied;
    }

    private async Task<ReversalOutcome> RefundsAsync(string chargeId, List<Refund> refunds, DateTime at, CancellationToken cancellationToken)
    {
        var outcome = ReversalOutcome.AlreadyBooked;
        foreach (var refund in refunds.OrderBy(r => r.Created))
        {
            var booked = await RefundAsync(chargeId, refund, at, cancellationToken);
            if (booked == ReversalOutcome.UnknownCharge) return booked;
            if (booked == ReversalOutcome.Booked) outcome = booked;
        }
        return outcome;
    }

    private Task<ReversalOutcome> RefundAsync(string chargeId, Refund refund, DateTime at, CancellationToken cancellationToken) =>
        reversals.RefundAsync(chargeId, refund.Id, refund.Amount, refund.Status is "failed" or "canceled", at, cancellationToken);

    /// <summary>
    /// Money moves by the dispute's balance transactions, not its status: an inquiry withdraws nothing, a won dispute
    /// gives back its withdrawal. Whichever event shows a movement first books it.
    /// </summary>
    private async Task<ReversalOutcome> DisputeAsync(string type, Dispute dispute, DateTime at, CancellationToken cancellationToken)
    {
        var movements = dispute.BalanceTransactions ?? [];
        var withdrawn = type == DisputeFundsWithdrawn || movements.Any(t => t.Amount < 0);
        var reinstated = type == DisputeFundsReinstated || movements.Any(t => t.Amount > 0);
        var outcome = ReversalOutcome.AlreadyBooked;
        if (withdrawn)
        {
            var fee = movements.Where(t => t.Amount < 0).Sum(t => t.Fee);
            outcome = await reversals.ReverseAsync(dispute.ChargeId, PaymentReversals.WithdrawnKey(dispute.Id), LedgerKinds.Dispute,
                dispute.Amount, fee, at, cancellationToken);
            if (outcome == ReversalOutcome.UnknownCharge) return outcome;
        }
        if (reinstated)
        {
            var given = await reversals.ReinstateAsync(dispute.ChargeId, dispute.Id, at, cancellationToken);
            if (given != ReversalOutcome.AlreadyBooked) outcome = given;
        }
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stripe event {EventId} ({Type}): charge {ChargeId} pays nothing booked here (yet); left for a redelivery")]
    private partial void LogNotBooked(string eventId, string type, string chargeId);
}
