using AeThexLive.Payments.Domain;
using Microsoft.Extensions.Options;
using Stripe;

namespace AeThexLive.Payments.Provider;

/// <summary>What one successful charge left in Stripe's balance: the gross, Stripe's fee, in the settlement currency.</summary>
public sealed record Settlement(string ChargeId, long GrossCents, long FeeCents, string Currency);

/// <summary>
/// The calls Payments makes to Stripe (or the sandbox), each bounded by <see cref="StripeSettings.RequestTimeout"/>.
/// Every POST carries an idempotency key derived from our own row, so a retry of ours (or of Stripe.net) makes
/// nothing twice.
/// </summary>
public sealed class StripePayments(IStripeClient stripe, IOptions<StripeSettings> settings)
{
    /// <summary>What a PaymentIntent's metadata names, so an event finds the purchase it pays.</summary>
    public const string PurchaseKindKey = "aethex_purchase";
    public const string PurchaseIdKey = "aethex_purchase_id";

    public static string IdempotencyKeyOf(IPaidPurchase purchase) => $"aethex-{purchase.Kind}-{purchase.Id:N}";

    public async Task<PaymentIntent> CreateIntentAsync(IPaidPurchase purchase, string description, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return await new PaymentIntentService(stripe).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = purchase.AmountCents,
            Currency = purchase.Currency.ToLowerInvariant(),
            Description = description,
            Metadata = new Dictionary<string, string>
            {
                [PurchaseKindKey] = purchase.Kind,
                [PurchaseIdKey] = purchase.Id.ToString(),
                ["channel_id"] = purchase.ChannelId.ToString(),
                ["buyer_id"] = purchase.BuyerId.ToString(),
            },
        }, new RequestOptions { IdempotencyKey = IdempotencyKeyOf(purchase) }, deadline.Token);
    }

    /// <summary>The charge's balance transaction: what Stripe kept and in which currency the money settled.</summary>
    public async Task<Settlement> SettlementAsync(string chargeId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var charge = await new ChargeService(stripe).GetAsync(chargeId, new ChargeGetOptions { Expand = ["balance_transaction"] },
            null, deadline.Token);
        var transaction = charge.BalanceTransaction
            ?? throw new InvalidOperationException($"Charge {chargeId} has no balance transaction yet.");
        return new Settlement(charge.Id, transaction.Amount, transaction.Fee, transaction.Currency);
    }

    /// <summary>Gives back all (no amount) or part of a charge; the key makes a retried request one refund.</summary>
    public async Task<Refund> RefundAsync(string chargeId, long? amountCents, string? reason, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return await new RefundService(stripe).CreateAsync(new RefundCreateOptions
        {
            Charge = chargeId,
            Amount = amountCents,
            Reason = reason,
        }, new RequestOptions { IdempotencyKey = idempotencyKey }, deadline.Token);
    }

    /// <summary>Every refund of a charge (a charge.refunded event names the charge, not which refund).</summary>
    public async Task<List<Refund>> RefundsOfAsync(string chargeId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var refunds = new List<Refund>();
        await foreach (var refund in new RefundService(stripe).ListAutoPagingAsync(new RefundListOptions { Charge = chargeId, Limit = 100 },
            null, deadline.Token))
        {
            refunds.Add(refund);
        }
        return refunds;
    }

    /// <summary>Events of <paramref name="types"/> created since <paramref name="since"/>, newest first, page by page.</summary>
    public IAsyncEnumerable<Event> RecentEventsAsync(IReadOnlyList<string> types, DateTime since, CancellationToken cancellationToken) =>
        new EventService(stripe).ListAutoPagingAsync(new EventListOptions
        {
            Types = [.. types],
            Created = new DateRangeOptions { GreaterThanOrEqual = since },
            Limit = 100,
        }, null, cancellationToken);

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Value.RequestTimeout);
        return deadline;
    }
}
