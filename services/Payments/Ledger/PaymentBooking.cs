using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Ledger;

/// <summary>Turns a settled payment into its ledger transaction: the channel's share for the kind, the hold, the legs.</summary>
public sealed class PaymentBooking(PaymentsDbContext db, IOptions<PaymentsOptions> options)
{
    /// <summary>The business key of a PaymentIntent's success: one ledger transaction per paid intent, ever.</summary>
    public static string SucceededKey(string paymentIntentId) => $"{paymentIntentId}:succeeded";

    /// <summary>Adds the payment's transaction to the unit of work (the caller saves it with the purchase's change).</summary>
    public async Task<LedgerTransaction> BookAsync(IPaidPurchase purchase, string paymentIntentId, Settlement settlement, DateTime at,
        CancellationToken cancellationToken)
    {
        // Gifted subscriptions are paid out like subscriptions (the creator's subscription share, Stripe's fee on the platform).
        var shareKind = purchase is Gift { SubscriptionTier: not null } ? PurchaseKinds.Subscription : purchase.Kind;
        var (basisPoints, creatorBearsFee) = await ShareAsync(purchase.ChannelId, shareKind, cancellationToken);
        var split = RevenueSplit.Of(settlement.GrossCents, settlement.FeeCents, basisPoints, creatorBearsFee);
        var transaction = split.PostTo(LedgerTransaction.Begin(SucceededKey(paymentIntentId), purchase.Kind, at)
                .For(purchase.ChannelId, purchase.Kind, purchase.Id)
                .PaidBy(settlement.ChargeId)
                .HeldUntil(at + options.Value.Ledger.HoldFor(purchase.Kind)),
            purchase.ChannelId, settlement.Currency).Build();
        db.LedgerTransactions.Add(transaction);
        return transaction;
    }

    /// <summary>The business key of a paid subscription invoice: one revenue split per paid invoice, ever.</summary>
    public static string InvoicePaidKey(string invoiceId) => $"{invoiceId}:paid";

    /// <summary>A paid subscription invoice's transaction (the first, a renewal, or a tier change's proration).</summary>
    public async Task<LedgerTransaction> BookInvoiceAsync(Subscription subscription, string invoiceId, Settlement settlement, DateTime at,
        CancellationToken cancellationToken)
    {
        var (basisPoints, creatorBearsFee) = await ShareAsync(subscription.ChannelId, PurchaseKinds.Subscription, cancellationToken);
        var split = RevenueSplit.Of(settlement.GrossCents, settlement.FeeCents, basisPoints, creatorBearsFee);
        var transaction = split.PostTo(LedgerTransaction.Begin(InvoicePaidKey(invoiceId), PurchaseKinds.Subscription, at)
                .For(subscription.ChannelId, PurchaseKinds.Subscription, subscription.Id)
                .PaidBy(settlement.ChargeId)
                .HeldUntil(at + options.Value.Ledger.HoldFor(PurchaseKinds.Subscription)),
            subscription.ChannelId, settlement.Currency).Build();
        db.LedgerTransactions.Add(transaction);
        return transaction;
    }

    /// <summary>
    /// The creator's share of <paramref name="kind"/> in a channel (its own, set by an admin, or the default) and who bears
    /// Stripe's fee: the creator for donations and gifts (100 % less the fee), the platform for subscriptions.
    /// </summary>
    public async Task<(int BasisPoints, bool CreatorBearsFee)> ShareAsync(Guid channelId, string kind, CancellationToken cancellationToken)
    {
        var own = await db.RevenueShares.AsNoTracking().Where(s => s.ChannelId == channelId && s.Kind == kind)
            .Select(s => (int?)s.CreatorShareBasisPoints).SingleOrDefaultAsync(cancellationToken);
        var defaults = options.Value.Shares;
        return kind switch
        {
            PurchaseKinds.Donation => (own ?? defaults.DonationBasisPoints, true),
            PurchaseKinds.Gift => (own ?? defaults.GiftBasisPoints, true),
            PurchaseKinds.Subscription => (own ?? defaults.SubscriptionBasisPoints, false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No share is defined for this kind of payment."),
        };
    }
}
