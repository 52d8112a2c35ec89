using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Wire;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Engine;

/// <summary>A change of a subscription item asked for by an update: a new price or quantity, an addition, a removal.</summary>
internal sealed record ItemChange(SubscriptionItem? Existing, Price? Price, long? Quantity, bool Deleted);

/// <summary>
/// Subscriptions and their invoices: the first invoice (paid at once or left for the browser with
/// <c>default_incomplete</c>), renewals and their retries when the clock passes a period's end,
/// prorations when the price changes, cancellation at the period's end or at once.
/// </summary>
internal sealed class BillingEngine : IPaymentOutcomeListener
{
    /// <summary>How long a first invoice may stay unpaid before the subscription expires (Stripe: 23 hours).</summary>
    public const long IncompleteExpirySeconds = 23 * 3600;

    private readonly SandboxStore store;
    private readonly PaymentEngine payments;
    private readonly SandboxOptions settings;

    public BillingEngine(SandboxStore store, PaymentEngine payments, IOptions<SandboxOptions> options)
    {
        this.store = store;
        this.payments = payments;
        settings = options.Value;
        payments.Listener = this;
    }

    public Subscription Create(Customer customer, IReadOnlyList<(Price Price, long Quantity)> items, string paymentBehavior,
        CardPaymentMethod? defaultMethod, string? saveDefaultPaymentMethod, Dictionary<string, string> metadata,
        string? description, bool cancelAtPeriodEnd)
    {
        ValidateItems(items.Select(i => i.Price).ToList(), "items");
        var method = defaultMethod ?? store.PaymentMethods.Find(customer.DefaultPaymentMethod);
        if (paymentBehavior == "error_if_incomplete")
        {
            RefuseUnpayable(method, items.Sum(i => i.Price.UnitAmount * i.Quantity));
        }
        if (defaultMethod is not null) payments.Attach(defaultMethod, customer);

        var now = store.Now;
        var subscription = new Subscription(StripeIds.New("sub"), now, customer.Id)
        {
            BillingCycleAnchor = now,
            CurrentPeriodStart = now,
            CurrentPeriodEnd = items[0].Price.PeriodEnd(now),
            DefaultPaymentMethod = defaultMethod?.Id,
            SaveDefaultPaymentMethod = saveDefaultPaymentMethod,
            Metadata = metadata,
            Description = description,
        };
        foreach (var (price, quantity) in items)
        {
            subscription.Items.Add(new SubscriptionItem(StripeIds.New("si"), now, price, quantity));
        }
        if (cancelAtPeriodEnd) RequestCancellation(subscription);
        store.Subscriptions.Add(subscription);
        var invoice = OpenInvoice(subscription, "subscription_create", PeriodLines(subscription), "Subscription creation");
        store.Emit("customer.subscription.created", subscription);
        if (invoice.Status == "open" && paymentBehavior != "default_incomplete" && method is not null)
        {
            payments.Attempt(store.PaymentIntents.Get(invoice.PaymentIntentId!), method, offSession: false);
        }
        return subscription;
    }

    public void Update(Subscription subscription, IReadOnlyList<ItemChange> changes, string prorationBehavior,
        long prorationDate, string paymentBehavior, Action<Subscription> applyOtherFields)
    {
        var before = subscription.ToJson(store);
        var lines = new List<InvoiceLine>();
        if (changes.Count > 0)
        {
            if (subscription.IsEnded)
            {
                throw StripeApiException.Invalid(
                    "A canceled subscription can only update its cancellation_details and metadata.", "items");
            }
            var prices = changes.Where(c => !c.Deleted).Select(c => c.Price ?? c.Existing!.Price).ToList();
            ValidateItems(prices.Concat(subscription.Items.Where(i => changes.All(c => c.Existing != i)).Select(i => i.Price)).ToList(),
                "items", subscription.BillingPrice);
            lines = Prorations(subscription, changes, prorationDate);
            if (prorationBehavior == "always_invoice" && paymentBehavior is "error_if_incomplete" or "pending_if_incomplete")
            {
                RefuseUnpayable(PaymentMethodFor(subscription), lines.Sum(l => l.Amount));
            }
            Apply(subscription, changes);
        }
        applyOtherFields(subscription);

        if (prorationBehavior == "none" || lines.Count == 0)
        {
            store.Emit("customer.subscription.updated", subscription, before);
            return;
        }
        if (prorationBehavior == "create_prorations")
        {
            Pending(subscription).AddRange(lines);
            store.Emit("customer.subscription.updated", subscription, before);
            return;
        }
        var invoice = OpenInvoice(subscription, "subscription_update", lines, "Subscription update");
        store.Emit("customer.subscription.updated", subscription, before);
        if (invoice.Status == "open" && paymentBehavior != "default_incomplete")
        {
            AttemptInvoice(invoice, offSession: false);
        }
    }

    public void RequestCancellation(Subscription subscription)
    {
        subscription.CancelAtPeriodEnd = true;
        subscription.CancelAt = subscription.CurrentPeriodEnd;
        subscription.CanceledAt = store.Now;
        subscription.CancellationReason = "cancellation_requested";
    }

    public void Reactivate(Subscription subscription)
    {
        subscription.CancelAtPeriodEnd = false;
        subscription.CancelAt = null;
        subscription.CanceledAt = null;
        subscription.CancellationReason = null;
    }

    /// <summary>Ends the subscription now (<c>DELETE /v1/subscriptions/{id}</c>).</summary>
    public void CancelNow(Subscription subscription)
    {
        if (subscription.IsEnded)
        {
            throw StripeApiException.Invalid($"The subscription {subscription.Id} has already been canceled.", "subscription");
        }
        if (subscription.Status == "incomplete") VoidOpenInvoices(subscription);
        End(subscription, "canceled", "cancellation_requested");
    }

    /// <summary>Tries to collect an open invoice with the subscription's (or customer's) default card.</summary>
    public PaymentOutcome AttemptInvoice(Invoice invoice, bool offSession, CardPaymentMethod? method = null)
    {
        if (invoice.Status != "open")
        {
            throw StripeApiException.Invalid($"Invoice is already {invoice.Status}", "invoice", "invoice_not_open");
        }
        var subscription = store.Subscriptions.Find(invoice.SubscriptionId);
        method ??= subscription is null
            ? store.PaymentMethods.Find(Customer(invoice).DefaultPaymentMethod)
            : PaymentMethodFor(subscription);
        var intent = store.PaymentIntents.Get(invoice.PaymentIntentId!);
        if (method is null)
        {
            invoice.AttemptCount++;
            InvoicePaymentFailed(invoice);
            return PaymentOutcome.Declined;
        }
        return payments.Attempt(intent, method, offSession);
    }

    public void IntentSucceeded(PaymentIntent intent)
    {
        if (store.Invoices.Find(intent.InvoiceId) is not { Status: "open" } invoice) return;
        invoice.AttemptCount++;
        MarkPaid(invoice, intent);
    }

    public void IntentFailed(PaymentIntent intent)
    {
        if (store.Invoices.Find(intent.InvoiceId) is not { Status: "open" } invoice) return;
        invoice.AttemptCount++;
        InvoicePaymentFailed(invoice);
    }

    /// <summary>The next moment at which billing has work to do, if it is no later than <paramref name="until"/>.</summary>
    public long? NextDue(long until)
    {
        var candidates = store.Subscriptions.All
            .Where(s => s.Status is "active" or "past_due" or "unpaid")
            .Select(s => s.CurrentPeriodEnd)
            .Concat(store.Invoices.All.Where(i => i.Status == "open" && i.NextPaymentAttempt is not null)
                .Select(i => i.NextPaymentAttempt!.Value))
            .Concat(store.Subscriptions.All.Where(s => s.Status == "incomplete").Select(s => s.Created + IncompleteExpirySeconds))
            .Where(t => t <= until)
            .ToList();
        return candidates.Count == 0 ? null : candidates.Min();
    }

    /// <summary>Does what is due at the clock's current time: renewals, retries, expiries.</summary>
    public void RunDue()
    {
        var now = store.Now;
        foreach (var subscription in store.Subscriptions.All.Where(s => s.Status == "incomplete"
            && s.Created + IncompleteExpirySeconds <= now).ToList())
        {
            VoidOpenInvoices(subscription);
            End(subscription, "incomplete_expired", null);
        }
        foreach (var invoice in store.Invoices.All.Where(i => i.Status == "open" && i.NextPaymentAttempt <= now).ToList())
        {
            invoice.NextPaymentAttempt = null;
            AttemptInvoice(invoice, offSession: true);
        }
        foreach (var subscription in store.Subscriptions.All.Where(s => s.Status is "active" or "past_due" or "unpaid"
            && s.CurrentPeriodEnd <= now).ToList())
        {
            Renew(subscription);
        }
    }

    /// <summary>
    /// A test's shortcut to the next period of one subscription, without moving the clock for everything else: the
    /// current period ends now and the subscription renews (or ends, if cancelled at period end). With
    /// <paramref name="failWith"/> the renewal's charge is attempted with that card instead of the saved one.
    /// </summary>
    public void RenewNow(Subscription subscription, CardPaymentMethod? failWith)
    {
        if (subscription.Status is not ("active" or "past_due" or "unpaid"))
        {
            throw StripeApiException.Invalid($"A subscription that is {subscription.Status} does not renew.", "subscription");
        }
        // A period lasts at least a second, so a renewal within the second the subscription started still moves its
        // period (and the renewal date a client sees) forward.
        subscription.CurrentPeriodEnd = Math.Max(store.Now, subscription.CurrentPeriodStart + 1);
        if (subscription.CancelAtPeriodEnd) subscription.CancelAt = subscription.CurrentPeriodEnd;
        Renew(subscription, failWith);
    }

    /// <summary>A test's shortcut to the next retry of a subscription's unpaid invoice, now, optionally with a declining card.</summary>
    public void RetryNow(Subscription subscription, CardPaymentMethod? failWith)
    {
        var invoice = store.Invoices.All.LastOrDefault(i => i.SubscriptionId == subscription.Id && i.Status == "open" && i.AttemptCount > 0)
            ?? throw StripeApiException.Invalid("The subscription has no unpaid invoice to retry.", "subscription");
        invoice.NextPaymentAttempt = null;
        AttemptInvoice(invoice, offSession: true, failWith);
    }

    private void Renew(Subscription subscription, CardPaymentMethod? method = null)
    {
        if (subscription.CancelAtPeriodEnd || subscription.CancelAt <= subscription.CurrentPeriodEnd)
        {
            End(subscription, "canceled", subscription.CancellationReason ?? "cancellation_requested");
            return;
        }
        var before = subscription.ToJson(store);
        subscription.CurrentPeriodStart = subscription.CurrentPeriodEnd;
        subscription.CurrentPeriodEnd = subscription.BillingPrice.PeriodEnd(subscription.CurrentPeriodStart);
        var invoice = OpenInvoice(subscription, "subscription_cycle", PeriodLines(subscription), "Subscription renewal");
        store.Emit("customer.subscription.updated", subscription, before);
        if (invoice.Status == "open") AttemptInvoice(invoice, offSession: true, method);
    }

    private Invoice OpenInvoice(Subscription subscription, string reason, List<InvoiceLine> lines, string intentDescription)
    {
        var customer = store.Customers.Get(subscription.CustomerId, "customer");
        var invoice = new Invoice(StripeIds.New("in"), store.Now, customer, reason)
        {
            Currency = subscription.Currency,
            SubscriptionId = subscription.Id,
            PeriodStart = reason == "subscription_update" ? store.Now : subscription.CurrentPeriodStart,
            PeriodEnd = reason == "subscription_update" ? store.Now : subscription.CurrentPeriodEnd,
        };
        invoice.Lines.AddRange(lines);
        if (store.PendingLines.Remove(subscription.Id, out var pending)) invoice.Lines.AddRange(pending);
        store.Invoices.Add(invoice);
        subscription.LatestInvoiceId = invoice.Id;
        store.Emit("invoice.created", invoice);

        // Credit left by a downgrade (a negative customer balance) pays what it can first.
        var total = invoice.Total;
        invoice.StartingBalance = customer.Balance;
        if (total >= 0)
        {
            var credit = Math.Min(total, Math.Max(0, -customer.Balance));
            invoice.AmountDue = total - credit;
            customer.Balance += credit;
        }
        else
        {
            invoice.AmountDue = 0;
            customer.Balance += total;
        }
        invoice.EndingBalance = customer.Balance;
        customer.Currency ??= invoice.Currency;
        invoice.Status = "open";
        invoice.FinalizedAt = store.Now;
        if (invoice.AmountDue > 0)
        {
            var intent = store.PaymentIntents.Add(new PaymentIntent(StripeIds.New("pi"), store.Now, invoice.AmountDue, invoice.Currency)
            {
                CustomerId = customer.Id,
                InvoiceId = invoice.Id,
                Description = intentDescription,
                SetupFutureUsage = subscription.SaveDefaultPaymentMethod == "on_subscription" ? "off_session" : null,
            });
            invoice.PaymentIntentId = intent.Id;
            invoice.InvoicePaymentId = store.InvoicePayments.Add(new InvoicePayment(StripeIds.New("inpay"), store.Now, invoice, intent)).Id;
            store.Emit("invoice.finalized", invoice);
            store.Emit("payment_intent.created", intent);
        }
        else
        {
            store.Emit("invoice.finalized", invoice);
            MarkPaid(invoice, null);
        }
        return invoice;
    }

    private void MarkPaid(Invoice invoice, PaymentIntent? intent)
    {
        invoice.Status = "paid";
        invoice.AmountPaid = invoice.AmountDue;
        invoice.PaidAt = store.Now;
        invoice.NextPaymentAttempt = null;
        if (store.InvoicePayments.Find(invoice.InvoicePaymentId) is { } payment)
        {
            payment.Status = "paid";
            payment.AmountPaid = invoice.AmountDue;
            payment.PaidAt = store.Now;
        }
        store.Emit("invoice.paid", invoice);
        store.Emit("invoice.payment_succeeded", invoice);
        if (store.Subscriptions.Find(invoice.SubscriptionId) is not { } subscription || subscription.IsEnded) return;

        var before = subscription.ToJson(store);
        var changed = false;
        if (intent?.PaymentMethodId is { } methodId && subscription.SaveDefaultPaymentMethod == "on_subscription"
            && subscription.DefaultPaymentMethod != methodId)
        {
            subscription.DefaultPaymentMethod = methodId;
            changed = true;
        }
        var unpaid = store.Invoices.All.Any(i => i.SubscriptionId == subscription.Id && i.Status == "open" && i.AttemptCount > 0);
        if (subscription.Status is "incomplete" or "past_due" or "unpaid" && !unpaid)
        {
            subscription.Status = "active";
            changed = true;
        }
        if (changed) store.Emit("customer.subscription.updated", subscription, before);
    }

    private void InvoicePaymentFailed(Invoice invoice)
    {
        var subscription = store.Subscriptions.Find(invoice.SubscriptionId);
        var retries = settings.RenewalRetryDays;
        var automatic = invoice.BillingReason != "subscription_create";
        var giveUp = automatic && invoice.AttemptCount > retries.Length;
        invoice.NextPaymentAttempt = automatic && !giveUp ? store.Now + retries[invoice.AttemptCount - 1] * 86_400L : null;
        store.Emit("invoice.payment_failed", invoice);
        if (subscription is null || subscription.IsEnded || !automatic) return;

        if (giveUp)
        {
            End(subscription, "canceled", "payment_failed");
            return;
        }
        if (subscription.Status == "active")
        {
            var before = subscription.ToJson(store);
            subscription.Status = "past_due";
            store.Emit("customer.subscription.updated", subscription, before);
        }
    }

    private void End(Subscription subscription, string status, string? reason)
    {
        subscription.Status = status;
        subscription.EndedAt = store.Now;
        subscription.CanceledAt ??= store.Now;
        subscription.CancellationReason = reason ?? subscription.CancellationReason;
        store.PendingLines.Remove(subscription.Id);
        foreach (var invoice in store.Invoices.All.Where(i => i.SubscriptionId == subscription.Id && i.Status == "open"))
        {
            invoice.NextPaymentAttempt = null;
        }
        store.Emit("customer.subscription.deleted", subscription);
    }

    private void VoidOpenInvoices(Subscription subscription)
    {
        foreach (var invoice in store.Invoices.All.Where(i => i.SubscriptionId == subscription.Id && i.Status == "open").ToList())
        {
            invoice.Status = "void";
            invoice.VoidedAt = store.Now;
            invoice.NextPaymentAttempt = null;
            if (store.InvoicePayments.Find(invoice.InvoicePaymentId) is { } payment)
            {
                payment.Status = "canceled";
                payment.CanceledAt = store.Now;
            }
            store.Emit("invoice.voided", invoice);
            if (store.PaymentIntents.Find(invoice.PaymentIntentId) is { IsFinal: false } intent)
            {
                payments.Cancel(intent, "void_invoice");
            }
        }
    }

    private List<InvoiceLine> PeriodLines(Subscription subscription) => subscription.Items.Select(item => new InvoiceLine(
        StripeIds.New("il"),
        item.Price.UnitAmount * item.Quantity,
        $"{item.Quantity} × {ProductName(item.Price)} (at {item.Price.UnitAmount} {item.Price.Currency} / {item.Price.Interval})",
        item.Price,
        item.Quantity,
        subscription.CurrentPeriodStart,
        subscription.CurrentPeriodEnd,
        subscription.Id,
        item.Id,
        Proration: false)).ToList();

    /// <summary>
    /// Credit for the unused rest of the period at the old price, a charge for it at the new one,
    /// each <see cref="Money.Prorate"/>d by seconds left over seconds in the period.
    /// </summary>
    private List<InvoiceLine> Prorations(Subscription subscription, IReadOnlyList<ItemChange> changes, long prorationDate)
    {
        var start = subscription.CurrentPeriodStart;
        var end = subscription.CurrentPeriodEnd;
        var at = Math.Clamp(prorationDate, start, end);
        var left = end - at;
        var whole = end - start;
        var lines = new List<InvoiceLine>();
        var when = DateTimeOffset.FromUnixTimeSeconds(at).ToString("dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var change in changes)
        {
            var old = change.Existing;
            var itemId = old?.Id ?? StripeIds.New("si");
            if (old is not null && (change.Deleted || change.Price is not null && change.Price != old.Price
                || change.Quantity is not null && change.Quantity != old.Quantity))
            {
                lines.Add(new InvoiceLine(StripeIds.New("il"), -Money.Prorate(old.Price.UnitAmount * old.Quantity, left, whole),
                    $"Unused time on {old.Quantity} × {ProductName(old.Price)} after {when}", old.Price, old.Quantity, at, end,
                    subscription.Id, old.Id, Proration: true, StripeIds.New("ii")));
            }
            if (change.Deleted) continue;
            var price = change.Price ?? old!.Price;
            var quantity = change.Quantity ?? old?.Quantity ?? 1;
            if (old is null || price != old.Price || quantity != old.Quantity)
            {
                lines.Add(new InvoiceLine(StripeIds.New("il"), Money.Prorate(price.UnitAmount * quantity, left, whole),
                    $"Remaining time on {quantity} × {ProductName(price)} after {when}", price, quantity, at, end,
                    subscription.Id, itemId, Proration: true, StripeIds.New("ii")));
            }
        }
        return lines.Where(l => l.Amount != 0).ToList();
    }

    private void Apply(Subscription subscription, IReadOnlyList<ItemChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Existing is { } existing)
            {
                if (change.Deleted)
                {
                    subscription.Items.Remove(existing);
                    continue;
                }
                existing.Price = change.Price ?? existing.Price;
                existing.Quantity = change.Quantity ?? existing.Quantity;
            }
            else if (!change.Deleted)
            {
                subscription.Items.Add(new SubscriptionItem(StripeIds.New("si"), store.Now, change.Price!, change.Quantity ?? 1));
            }
        }
        if (subscription.Items.Count == 0)
        {
            throw StripeApiException.Invalid("A subscription must have at least one active plan.", "items");
        }
    }

    private void ValidateItems(IReadOnlyList<Price> prices, string param, Price? reference = null)
    {
        if (prices.Count == 0)
        {
            throw StripeApiException.Invalid("Missing required param: items.", param, "parameter_missing");
        }
        reference ??= prices[0];
        foreach (var price in prices)
        {
            if (!price.IsRecurring)
            {
                throw StripeApiException.Invalid(
                    $"The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", param);
            }
            if (price.Currency != reference.Currency || price.Interval != reference.Interval
                || price.IntervalCount != reference.IntervalCount)
            {
                throw StripeApiException.Invalid(
                    "All prices on a subscription must have the same `currency` and `recurring[interval]` (the sandbox does not "
                    + "move billing cycles).", param);
            }
        }
    }

    private static void RefuseUnpayable(CardPaymentMethod? method, long amount)
    {
        if (amount <= 0) return;
        if (method is null)
        {
            throw StripeApiException.Invalid(
                "This customer has no attached payment source or default payment method.", "default_payment_method", "resource_missing");
        }
        if (method.Card.DeclinesOnCharge || method.Card.Behavior == CardBehavior.RequiresAuthentication)
        {
            var requiresAction = method.Card.Behavior == CardBehavior.RequiresAuthentication;
            throw new StripeApiException(402, "card_error", requiresAction
                ? "Your card was declined. This transaction requires authentication." : method.Card.Message)
            {
                Code = requiresAction ? "authentication_required" : method.Card.Code,
                DeclineCode = requiresAction ? "authentication_required" : method.Card.DeclineCode,
            };
        }
    }

    private CardPaymentMethod? PaymentMethodFor(Subscription subscription) =>
        store.PaymentMethods.Find(subscription.DefaultPaymentMethod)
        ?? store.PaymentMethods.Find(store.Customers.Find(subscription.CustomerId)?.DefaultPaymentMethod);

    private Customer Customer(Invoice invoice) => store.Customers.Get(invoice.CustomerId, "customer");

    private List<InvoiceLine> Pending(Subscription subscription)
    {
        if (!store.PendingLines.TryGetValue(subscription.Id, out var lines))
        {
            store.PendingLines[subscription.Id] = lines = [];
        }
        return lines;
    }

    private string ProductName(Price price) => store.Products.Find(price.ProductId)?.Name ?? price.ProductId;
}
