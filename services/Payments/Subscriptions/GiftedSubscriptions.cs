using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Subscriptions;

/// <summary>
/// Gifted subscriptions: given when the gift's payment completes (in that transaction), expired when their month is up,
/// and the part of a gift that could not be given refunded. Each step changes a row under its lock and only forward, so
/// it happens once however often it runs.
/// </summary>
public sealed partial class GiftedSubscriptions(
    PaymentsDbContext db, StripePayments stripe, PaymentReversals reversals, ILogger<GiftedSubscriptions> logger)
{
    /// <summary>
    /// Gives a paid gift's months to its named recipient or to the viewers drawn for it at checkout, and announces each.
    /// Nobody may hold two subscriptions to the channel: whoever has subscribed since the checkout gets none, and that part
    /// of the gift is recorded as unplaced and refunded (<see cref="RefundUnplacedAsync"/>). The caller saves and commits.
    /// </summary>
    public async Task PlaceAsync(Gift gift, string gifterName, DateTime at, CancellationToken cancellationToken)
    {
        var tier = gift.SubscriptionTier ?? throw new ArgumentException("Not a gift of subscriptions.", nameof(gift));
        var candidates = gift.IsCommunity
            ? await db.GiftRecipients.AsNoTracking().Where(r => r.GiftId == gift.Id).OrderBy(r => r.Position)
                .Select(r => new { r.UserId, r.Username }).ToListAsync(cancellationToken)
            : [new { UserId = gift.RecipientId, Username = gift.RecipientName ?? "" }];
        var ids = candidates.Select(c => c.UserId).ToList();
        var subscribed = await db.LiveSubscriptions(gift.ChannelId).Where(s => ids.Contains(s.SubscriberId)).Select(s => s.SubscriberId)
            .ToListAsync(cancellationToken);
        var names = await db.UserReplicas.AsNoTracking().Where(u => ids.Contains(u.UserId)).ToDictionaryAsync(u => u.UserId, u => u.Username,
            cancellationToken);
        var placed = 0;
        foreach (var recipient in candidates.Where(c => !subscribed.Contains(c.UserId)).Take(gift.Quantity))
        {
            var recipientName = names.GetValueOrDefault(recipient.UserId) ?? recipient.Username;
            var subscription = Domain.Subscription.Gifted(Guid.CreateVersion7(), recipient.UserId, recipientName, gift.ChannelId, tier,
                gift.UnitPriceCents, gift.Id, gift.GifterId, at);
            db.Subscriptions.Add(subscription);
            db.AddEvent(new SubscriptionStarted(subscription.Id, gift.ChannelId, recipient.UserId, recipientName, tier, at,
                gift.GifterId, gifterName, subscription.RenewalDate));
            placed++;
        }
        if (placed < gift.Quantity)
        {
            gift.RecordUnplaced(gift.Quantity - placed);
            LogUnplaced(gift.Id, gift.Quantity - placed);
        }
    }

    /// <summary>Ends gifted months whose time is up, each announced once; returns how many it ended.</summary>
    public async Task<int> ExpireDueAsync(DateTime now, int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var until = SqlTimestamp.Of(now, "now");
        var due = await db.Subscriptions.FromSql($"""
            SELECT * FROM subscriptions
            WHERE gift_id IS NOT NULL AND status = 'active' AND renewal_date <= {until}
            ORDER BY renewal_date LIMIT {batchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        foreach (var subscription in due.Where(s => s.ExpireGifted(now)))
        {
            db.AddEvent(new SubscriptionEnded(subscription.Id, subscription.ChannelId, subscription.SubscriberId, subscription.Tier,
                subscription.EndedAt!.Value));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>
    /// Refunds the unplaced part of paid gifts through Stripe (one refund per gift: its key is the gift's) and books the
    /// reversal at once; charge.refunded, arriving later, finds the refund booked. Returns how many gifts it refunded.
    /// </summary>
    public async Task<int> RefundUnplacedAsync(DateTime now, int batchSize, CancellationToken cancellationToken)
    {
        var gifts = await db.Gifts.AsNoTracking()
            .Where(g => g.UnplacedCount > 0 && g.UnplacedRefundId == null && g.Status == PurchaseStatuses.Completed && g.StripeChargeId != null)
            .OrderBy(g => g.CompletedAt).Take(batchSize).ToListAsync(cancellationToken);
        foreach (var gift in gifts)
        {
            var amount = (long)gift.UnplacedCount * gift.UnitPriceCents;
            var refund = await stripe.RefundAsync(gift.StripeChargeId!, amount, "requested_by_customer",
                $"aethex-gift-unplaced-{gift.Id:N}", cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await reversals.RefundAsync(gift.StripeChargeId!, refund.Id, refund.Amount, refund.Status is "failed" or "canceled", now,
                cancellationToken);
            var locked = await db.LockAsync<Gift>(gift.Id, cancellationToken);
            locked!.RecordUnplacedRefund(refund.Id);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            LogRefunded(gift.Id, amount, refund.Id);
        }
        return gifts.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gift {GiftId}: {Count} subscriptions could not be given and will be refunded")]
    private partial void LogUnplaced(Guid giftId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gift {GiftId}: refunded {AmountCents} cents for unplaced subscriptions ({RefundId})")]
    private partial void LogRefunded(Guid giftId, long amountCents, string refundId);
}
