using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Ledger;

public enum ReversalOutcome
{
    Booked,
    /// <summary>A transaction with this business key exists: the refund or dispute was booked before.</summary>
    AlreadyBooked,
    /// <summary>No payment of ours was paid by the charge (or not yet booked), or there is nothing to take back.</summary>
    UnknownCharge,
}

/// <summary>
/// Refunds and disputes as ledger transactions linked to the payment they reverse (one per refund or dispute id, its
/// business key). The creator gives back their share of the amount reversed, cumulatively: after reversals totalling
/// <c>r</c> of a gross <c>g</c> their share <c>c</c> has been reduced by <c>c × r / g</c> rounded down, so partial refunds
/// never drift and a full refund takes back exactly <c>c</c>. It comes out of the available balance, which may go
/// negative (a later payout nets it). Stripe keeps its fee on a refund and charges one for a dispute: the platform bears both.
/// A refund that fails, or a dispute won, is taken back by a second transaction (<c>re_…:failed</c>, <c>dp_…:reinstated</c>).
/// Callers run inside a database transaction; reversals of one payment are serialized by an advisory lock on it.
/// </summary>
public sealed class PaymentReversals(PaymentsDbContext db)
{
    public static string WithdrawnKey(string disputeId) => $"{disputeId}:withdrawn";

    public static string ReinstatedKey(string disputeId) => $"{disputeId}:reinstated";

    public static string RefundFailedKey(string refundId) => $"{refundId}:failed";

    /// <summary>
    /// A refund as Stripe has it now: given back (pending or succeeded) is booked once; failed or canceled is booked as
    /// given and taken back, so a stale event still saying pending, arriving later, finds the refund's key taken.
    /// </summary>
    public async Task<ReversalOutcome> RefundAsync(string chargeId, string refundId, long amountCents, bool failed, DateTime at,
        CancellationToken cancellationToken)
    {
        if (!failed) return await ReverseAsync(chargeId, refundId, LedgerKinds.Refund, amountCents, 0, at, cancellationToken);
        var original = await OriginalAsync(chargeId, cancellationToken);
        if (original is null) return ReversalOutcome.UnknownCharge;
        await LockAsync(original.Id, cancellationToken);
        var failedKey = RefundFailedKey(refundId);
        if (await db.LedgerTransactions.AnyAsync(t => t.BusinessKey == failedKey, cancellationToken)) return ReversalOutcome.AlreadyBooked;
        var refund = await db.LedgerTransactions.AsNoTracking().Include(t => t.Entries)
            .SingleOrDefaultAsync(t => t.BusinessKey == refundId, cancellationToken)
            ?? await BookReversalAsync(original, refundId, LedgerKinds.Refund, amountCents, 0, at, cancellationToken);
        db.LedgerTransactions.Add(Undo(refund, failedKey, LedgerKinds.Refund, at, original));
        return ReversalOutcome.Booked;
    }

    /// <summary>Books money leaving Stripe's balance for a payment: <paramref name="amountCents"/> back to the payer plus Stripe's fee.</summary>
    public async Task<ReversalOutcome> ReverseAsync(string chargeId, string businessKey, string kind, long amountCents, long feeCents,
        DateTime at, CancellationToken cancellationToken)
    {
        var original = await OriginalAsync(chargeId, cancellationToken);
        if (original is null) return ReversalOutcome.UnknownCharge;
        await LockAsync(original.Id, cancellationToken);
        if (await db.LedgerTransactions.AnyAsync(t => t.BusinessKey == businessKey, cancellationToken)) return ReversalOutcome.AlreadyBooked;
        await BookReversalAsync(original, businessKey, kind, amountCents, feeCents, at, cancellationToken);
        return ReversalOutcome.Booked;
    }

    /// <summary>A won dispute: the disputed amount comes back, and the creator's and platform's parts of its withdrawal with it.</summary>
    public async Task<ReversalOutcome> ReinstateAsync(string chargeId, string disputeId, DateTime at, CancellationToken cancellationToken)
    {
        var original = await OriginalAsync(chargeId, cancellationToken);
        if (original is null) return ReversalOutcome.UnknownCharge;
        await LockAsync(original.Id, cancellationToken);
        var key = ReinstatedKey(disputeId);
        if (await db.LedgerTransactions.AnyAsync(t => t.BusinessKey == key, cancellationToken)) return ReversalOutcome.AlreadyBooked;
        var withdrawal = await db.LedgerTransactions.AsNoTracking().Include(t => t.Entries)
            .SingleOrDefaultAsync(t => t.BusinessKey == WithdrawnKey(disputeId), cancellationToken);
        // Reinstated before its withdrawal was seen: nothing to give back yet, and the event stays unrecorded to come again.
        if (withdrawal is null) return ReversalOutcome.UnknownCharge;
        db.LedgerTransactions.Add(Undo(withdrawal, key, LedgerKinds.Dispute, at, original));
        return ReversalOutcome.Booked;
    }

    private async Task<LedgerTransaction> BookReversalAsync(Original original, string businessKey, string kind, long amountCents,
        long feeCents, DateTime at, CancellationToken cancellationToken)
    {
        var legs = await LegsAsync(original.Id, cancellationToken);
        var paid = legs.Where(l => l.TransactionId == original.Id).ToList();
        var reversals = legs.Where(l => l.TransactionId != original.Id).ToList();
        var gross = paid.Where(l => l.Account is LedgerAccounts.StripeBalance or LedgerAccounts.StripeFees).Sum(l => l.AmountCents);
        var creatorShare = -paid.Where(l => l.Account == LedgerAccounts.CreatorPending).Sum(l => l.AmountCents);
        var reversedGross = -reversals.Where(l => l.Account is LedgerAccounts.StripeBalance or LedgerAccounts.StripeFees).Sum(l => l.AmountCents);
        var reversedCreator = reversals.Where(l => l.Account == LedgerAccounts.CreatorAvailable).Sum(l => l.AmountCents);
        var currency = paid.First(l => l.Account == LedgerAccounts.StripeBalance).Currency;
        var reversedAfter = Math.Clamp(reversedGross + amountCents, 0, gross);
        var creatorBack = gross == 0 ? 0 : creatorShare * reversedAfter / gross - reversedCreator;

        var transaction = Begin(businessKey, kind, at, original)
            .Post(LedgerAccounts.StripeBalance, -(amountCents + feeCents), currency)
            .Post(LedgerAccounts.StripeFees, feeCents, currency)
            .Post(LedgerAccounts.CreatorAvailable, creatorBack, currency, original.ChannelId)
            .Post(LedgerAccounts.PlatformRevenue, amountCents - creatorBack, currency)
            .Build();
        db.LedgerTransactions.Add(transaction);
        // Saved at once, so a second reversal in the same database transaction counts this one.
        await db.SaveChangesAsync(cancellationToken);
        return transaction;
    }

    /// <summary>Gives back what a reversal took, except Stripe's fee, which Stripe keeps.</summary>
    private static LedgerTransaction Undo(LedgerTransaction reversal, string key, string kind, DateTime at, Original original)
    {
        var amount = -reversal.Entries.Where(e => e.Account is LedgerAccounts.StripeBalance or LedgerAccounts.StripeFees).Sum(e => e.AmountCents);
        var creator = reversal.Entries.Where(e => e.Account == LedgerAccounts.CreatorAvailable).Sum(e => e.AmountCents);
        var currency = reversal.Entries.First(e => e.Account == LedgerAccounts.StripeBalance).Currency;
        return Begin(key, kind, at, original)
            .Post(LedgerAccounts.StripeBalance, amount, currency)
            .Post(LedgerAccounts.CreatorAvailable, -creator, currency, original.ChannelId)
            .Post(LedgerAccounts.PlatformRevenue, -(amount - creator), currency)
            .Build();
    }

    private sealed record Original(Guid Id, Guid ChannelId, string? SourceType, Guid? SourceId);

    private sealed record Leg(Guid TransactionId, string Account, long AmountCents, string Currency);

    private Task<Original?> OriginalAsync(string chargeId, CancellationToken cancellationToken)
    {
        var kinds = PurchaseKinds.All.ToList();
        return db.LedgerTransactions.AsNoTracking().Where(t => t.ChargeId == chargeId && kinds.Contains(t.Kind) && t.ChannelId != null)
            .Select(t => new Original(t.Id, t.ChannelId!.Value, t.SourceType, t.SourceId)).SingleOrDefaultAsync(cancellationToken);
    }

    private Task<List<Leg>> LegsAsync(Guid originalId, CancellationToken cancellationToken) =>
        db.LedgerEntries.AsNoTracking()
            .Where(e => e.TransactionId == originalId || db.LedgerTransactions.Any(t => t.Id == e.TransactionId
                && t.RelatedTransactionId == originalId && (t.Kind == LedgerKinds.Refund || t.Kind == LedgerKinds.Dispute)))
            .Select(e => new Leg(e.TransactionId, e.Account, e.AmountCents, e.Currency))
            .ToListAsync(cancellationToken);

    private Task LockAsync(Guid originalId, CancellationToken cancellationToken)
    {
        var key = originalId.ToString();
        return db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
    }

    private static LedgerTransaction.Builder Begin(string key, string kind, DateTime at, Original original) =>
        LedgerTransaction.Begin(key, kind, at).For(original.ChannelId, original.SourceType, original.SourceId).FollowingFrom(original.Id);
}
