using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Ledger;

/// <summary>
/// Moves each payment's creator share from pending to available once its hold has passed: one release transaction
/// per payment (business key <c>release:{payment's key}</c>, and a unique index on the payment it follows from), so
/// two replicas releasing at once release once.
/// </summary>
public sealed class PayableRelease(PaymentsDbContext db)
{
    /// <returns>How many payments were released.</returns>
    public async Task<int> ReleaseDueAsync(DateTime now, int batchSize, CancellationToken cancellationToken)
    {
        var due = await db.LedgerTransactions.AsNoTracking()
            .Where(t => t.HoldUntil != null && t.HoldUntil <= now
                && !db.LedgerTransactions.Any(r => r.Kind == LedgerKinds.Release && r.RelatedTransactionId == t.Id))
            .OrderBy(t => t.HoldUntil).Take(batchSize)
            .Select(t => new
            {
                t.Id,
                t.BusinessKey,
                t.ChannelId,
                Pending = t.Entries.Where(e => e.Account == LedgerAccounts.CreatorPending)
                    .Select(e => new { e.ChannelId, e.AmountCents, e.Currency }).ToList(),
            })
            .ToListAsync(cancellationToken);

        var released = 0;
        foreach (var payment in due)
        {
            var release = LedgerTransaction.Begin($"release:{payment.BusinessKey}", LedgerKinds.Release, now).FollowingFrom(payment.Id);
            if (payment.ChannelId is { } channelId) release.For(channelId);
            foreach (var share in payment.Pending)
            {
                release.Post(LedgerAccounts.CreatorPending, -share.AmountCents, share.Currency, share.ChannelId)
                    .Post(LedgerAccounts.CreatorAvailable, share.AmountCents, share.Currency, share.ChannelId);
            }
            if (payment.Pending.Count == 0) continue;
            db.LedgerTransactions.Add(release.Build());
            try
            {
                await db.SaveNewRowsAsync(cancellationToken);
                released++;
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation("ledger_transactions"))
            {
                // Another replica released it first.
            }
            db.ChangeTracker.Clear();
        }
        return released;
    }
}
