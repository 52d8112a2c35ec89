using System.Collections.Concurrent;
using AeThexLive.Payments.Domain;
using Microsoft.Extensions.Options;
using Stripe;

namespace AeThexLive.Payments.Provider;

/// <summary>A Stripe subscription just made: its id, the first invoice's client secret, the end of its first period.</summary>
public sealed record StartedBilling(string StripeSubscriptionId, string? ClientSecret, StripeSubscriptionState State);

/// <summary>
/// Stripe's side of subscriptions: one customer per user, the tiers' prices (by lookup key), subscriptions and the
/// invoices paying them. Each call is bounded by <see cref="StripeSettings.RequestTimeout"/>, and every POST that makes
/// something carries an idempotency key derived from our own row.
/// </summary>
public sealed class StripeBilling(IStripeClient stripe, IOptions<StripeSettings> settings)
{
    /// <summary>What a Stripe subscription's metadata names, so an event finds our row even before the row knows the Stripe id.</summary>
    public const string SubscriptionIdKey = "aethex_subscription_id";

    private readonly ConcurrentDictionary<string, Price> _prices = new(StringComparer.Ordinal);

    public async Task<string> CreateCustomerAsync(Guid userId, string username, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions
        {
            Name = username,
            Metadata = new Dictionary<string, string> { ["user_id"] = userId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"aethex-customer-{userId:N}" }, deadline.Token);
        return customer.Id;
    }

    /// <summary>The tier's monthly price; prices do not change while we run, so each is asked for once.</summary>
    public async Task<Price> TierPriceAsync(string tier, CancellationToken cancellationToken)
    {
        var key = SubscriptionTiers.LookupKey(tier);
        if (_prices.TryGetValue(key, out var cached)) return cached;
        using var deadline = Deadline(cancellationToken);
        var prices = await new PriceService(stripe).ListAsync(new PriceListOptions { LookupKeys = [key], Active = true }, null, deadline.Token);
        var price = prices.Data.FirstOrDefault() ?? throw new InvalidOperationException($"Stripe has no active price with lookup key {key}.");
        return _prices[key] = price;
    }

    /// <summary>
    /// A subscription whose first invoice waits for the browser (<c>default_incomplete</c>); the card paying it becomes the
    /// subscription's default, for renewals.
    /// </summary>
    public async Task<StartedBilling> StartAsync(Domain.Subscription subscription, string customerId, Price price,
        CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var created = await new SubscriptionService(stripe).CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customerId,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "default_incomplete",
            PaymentSettings = new SubscriptionPaymentSettingsOptions { SaveDefaultPaymentMethod = "on_subscription" },
            Metadata = new Dictionary<string, string>
            {
                [SubscriptionIdKey] = subscription.Id.ToString(),
                ["channel_id"] = subscription.ChannelId.ToString(),
                ["user_id"] = subscription.SubscriberId.ToString(),
            },
            Expand = ["latest_invoice.confirmation_secret"],
        }, new RequestOptions { IdempotencyKey = $"aethex-subscription-{subscription.Id:N}" }, deadline.Token);
        return new StartedBilling(created.Id, created.LatestInvoice?.ConfirmationSecret?.ClientSecret, StateOf(created));
    }

    public async Task<StripeSubscriptionState> StateAsync(string stripeSubscriptionId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return StateOf(await new SubscriptionService(stripe).GetAsync(stripeSubscriptionId, null, null, deadline.Token));
    }

    /// <summary>Moves the subscription to another tier now, invoicing the prorated difference at once with the saved card.</summary>
    public async Task<StripeSubscriptionState> ChangeTierAsync(string stripeSubscriptionId, Price price, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var service = new SubscriptionService(stripe);
        var current = await service.GetAsync(stripeSubscriptionId, null, null, deadline.Token);
        var updated = await service.UpdateAsync(stripeSubscriptionId, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = current.Items.Data[0].Id, Price = price.Id }],
            ProrationBehavior = "always_invoice",
        }, null, deadline.Token);
        return StateOf(updated);
    }

    /// <summary>No renewal: access lasts until the period's end, when Stripe ends the subscription.</summary>
    public async Task<StripeSubscriptionState> CancelAtPeriodEndAsync(string stripeSubscriptionId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return StateOf(await new SubscriptionService(stripe).UpdateAsync(stripeSubscriptionId,
            new SubscriptionUpdateOptions { CancelAtPeriodEnd = true }, null, deadline.Token));
    }

    /// <summary>Ends a subscription whose first invoice was never paid (nothing was bought, so nothing runs on).</summary>
    public async Task<StripeSubscriptionState> CancelNowAsync(string stripeSubscriptionId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return StateOf(await new SubscriptionService(stripe).CancelAsync(stripeSubscriptionId, null, null, deadline.Token));
    }

    /// <summary>What the charge paying an invoice left in Stripe's balance; null when no charge paid it (a credit covered it).</summary>
    public async Task<Settlement?> InvoiceSettlementAsync(string invoiceId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        var invoice = await new InvoiceService(stripe).GetAsync(invoiceId, new InvoiceGetOptions
        {
            Expand = ["payments.data.payment.payment_intent.latest_charge.balance_transaction"],
        }, null, deadline.Token);
        var charge = invoice.Payments?.Data.Where(p => p.Status == "paid").Select(p => p.Payment?.PaymentIntent?.LatestCharge)
            .FirstOrDefault(c => c is not null);
        if (charge?.BalanceTransaction is not { } transaction) return null;
        return new Settlement(charge.Id, transaction.Amount, transaction.Fee, transaction.Currency);
    }

    public static StripeSubscriptionState StateOf(Stripe.Subscription subscription)
    {
        var item = subscription.Items?.Data.FirstOrDefault();
        return new StripeSubscriptionState(
            subscription.Status,
            SubscriptionTiers.FromLookupKey(item?.Price?.LookupKey),
            (int)(item?.Price?.UnitAmount ?? 0),
            item is null ? null : item.CurrentPeriodEnd.ToUniversalTime(),
            subscription.CancelAtPeriodEnd,
            subscription.EndedAt?.ToUniversalTime());
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Value.RequestTimeout);
        return deadline;
    }
}
