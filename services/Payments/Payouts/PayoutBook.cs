using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Payouts;

/// <summary>
/// A payout's two possible ledger transactions: its money leaving the creator's available balance when it is claimed
/// (<c>payout:{id}</c>), and the same money coming back if it fails (<c>payout-failed:{id}</c>). The unique business
/// keys make each happen once, whichever run, request or webhook gets there first.
/// </summary>
public static class PayoutBook
{
    public static string PaidOutKey(Guid payoutId) => $"payout:{payoutId}";

    public static string FailedKey(Guid payoutId) => $"payout-failed:{payoutId}";

    /// <summary>What the creator is owed goes down by the amount, and so does the platform's money at Stripe.</summary>
    public static LedgerTransaction PaidOut(Payout payout, DateTime at) =>
        LedgerTransaction.Begin(PaidOutKey(payout.Id), LedgerKinds.Payout, at)
            .For(payout.ChannelId, LedgerKinds.Payout, payout.Id)
            .Post(LedgerAccounts.CreatorAvailable, payout.AmountCents, payout.Currency, payout.ChannelId)
            .Post(LedgerAccounts.StripeBalance, -payout.AmountCents, payout.Currency)
            .Build();

    /// <summary>Marks the (locked) payout failed and adds the transaction giving its money back; false if it was not pending.</summary>
    public static async Task<bool> FailAsync(PaymentsDbContext db, Payout payout, string failureCode, DateTime at,
        CancellationToken cancellationToken)
    {
        if (!payout.MarkFailed(failureCode, at)) return false;
        var paidOut = await db.LedgerTransactions.AsNoTracking().Where(t => t.BusinessKey == PaidOutKey(payout.Id)).Select(t => t.Id)
            .SingleAsync(cancellationToken);
        db.LedgerTransactions.Add(LedgerTransaction.Begin(FailedKey(payout.Id), LedgerKinds.PayoutFailure, at)
            .For(payout.ChannelId, LedgerKinds.Payout, payout.Id)
            .FollowingFrom(paidOut)
            .Post(LedgerAccounts.CreatorAvailable, -payout.AmountCents, payout.Currency, payout.ChannelId)
            .Post(LedgerAccounts.StripeBalance, payout.AmountCents, payout.Currency)
            .Build());
        return true;
    }

    /// <summary>The payout row, locked for the rest of the database transaction.</summary>
    public static Task<Payout?> LockAsync(PaymentsDbContext db, Guid payoutId, CancellationToken cancellationToken) =>
        db.Payouts.FromSql($"SELECT * FROM payouts WHERE id = {payoutId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
}
