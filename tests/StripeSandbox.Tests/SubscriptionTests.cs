using System.Net.Http.Headers;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class SubscriptionTests(SandboxServer sandbox) : IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Tier_prices_are_found_by_lookup_key()
    {
        var prices = await new PriceService(sandbox.Client()).ListAsync(new PriceListOptions
        {
            LookupKeys = ["tier_basic", "tier_premium", "tier_vip"],
            Expand = ["data.product"],
        });

        var byKey = prices.Data.ToDictionary(p => p.LookupKey);
        Assert.Equal(499, byKey["tier_basic"].UnitAmount);
        Assert.Equal(999, byKey["tier_premium"].UnitAmount);
        Assert.Equal(2499, byKey["tier_vip"].UnitAmount);
        Assert.All(prices.Data, p => Assert.Equal("month", p.Recurring.Interval));
        Assert.Equal("AeThex VIP", byKey["tier_vip"].Product.Name);
    }

    [Fact]
    public async Task Subscription_is_paid_from_the_browser_then_renews_as_signed_webhooks_say()
    {
        var (subscription, _) = await SubscribeAsync("tier_basic");

        Assert.Equal("incomplete", subscription.Status);
        var secret = subscription.LatestInvoice.ConfirmationSecret.ClientSecret;
        Assert.Equal("payment_intent", subscription.LatestInvoice.ConfirmationSecret.Type);
        Assert.Equal(499, subscription.LatestInvoice.AmountDue);

        await PayFromBrowserAsync(secret, "pm_card_visa");

        var paid = await sandbox.Receiver.WaitForAsync("invoice.paid");
        Assert.Equal(subscription.LatestInvoiceId, ((Invoice)paid.Data.Object).Id);
        var activated = await sandbox.Receiver.WaitForAsync("customer.subscription.updated",
            e => ((Subscription)e.Data.Object).Status == "active");
        Assert.Equal("incomplete", activated.Data.PreviousAttributes["status"]?.ToString());
        var active = await Subscriptions().GetAsync(subscription.Id);
        Assert.Equal("active", active.Status);
        Assert.StartsWith("pm_", active.DefaultPaymentMethodId);
        var periodEnd = active.Items.Data[0].CurrentPeriodEnd;

        await sandbox.AdvanceClockAsync(31);

        var renewal = await sandbox.Receiver.WaitForAsync("invoice.paid",
            e => ((Invoice)e.Data.Object).BillingReason == "subscription_cycle");
        var renewed = (Invoice)renewal.Data.Object;
        Assert.Equal(499, renewed.AmountPaid);
        Assert.Equal(subscription.Id, renewed.Parent.SubscriptionDetails.SubscriptionId);
        var after = await Subscriptions().GetAsync(subscription.Id);
        Assert.Equal("active", after.Status);
        Assert.Equal(periodEnd, after.Items.Data[0].CurrentPeriodStart);
        Assert.True(after.Items.Data[0].CurrentPeriodEnd > periodEnd);
        await sandbox.DeliveriesSettledAsync();
        Assert.Empty(sandbox.Receiver.Rejections);
        Assert.All(sandbox.Receiver.Events, e => Assert.Equal(StripeConfiguration.ApiVersion, e.ApiVersion));
    }

    [Fact]
    public async Task The_first_invoice_has_no_payment_intent_field_in_this_api_version()
    {
        var customer = await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions());
        var price = await PriceAsync("tier_basic");

        var refused = await Assert.ThrowsAsync<StripeException>(() => Subscriptions().CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "default_incomplete",
            Expand = ["latest_invoice.payment_intent"],
        }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal("This property cannot be expanded (payment_intent).", refused.StripeError.Message);
    }

    [Fact]
    public async Task First_invoice_payment_can_be_traced_to_its_charge_and_fee()
    {
        var (subscription, _) = await SubscribeAsync("tier_premium");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");

        var invoice = await new InvoiceService(sandbox.Client()).GetAsync(subscription.LatestInvoiceId, new InvoiceGetOptions
        {
            Expand = ["payments.data.payment.payment_intent.latest_charge"],
        });

        Assert.Equal("paid", invoice.Status);
        var payment = Assert.Single(invoice.Payments.Data);
        Assert.Equal("paid", payment.Status);
        var charge = payment.Payment.PaymentIntent.LatestCharge;
        var transaction = await new BalanceTransactionService(sandbox.Client()).GetAsync(charge.BalanceTransactionId);
        Assert.Equal(999, transaction.Amount);
        Assert.Equal(59, transaction.Fee);
    }

    [Fact]
    public async Task Renewal_with_a_declining_card_goes_past_due_then_ends_the_subscription()
    {
        var (subscription, _) = await SubscribeAsync("tier_basic");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");
        await Subscriptions().UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            DefaultPaymentMethod = "pm_card_chargeCustomerFail",
        });

        await sandbox.AdvanceClockAsync(31);

        var failed = await sandbox.Receiver.WaitForAsync("invoice.payment_failed");
        var invoice = (Invoice)failed.Data.Object;
        Assert.Equal("subscription_cycle", invoice.BillingReason);
        Assert.NotNull(invoice.NextPaymentAttempt);
        Assert.Equal("past_due", (await Subscriptions().GetAsync(subscription.Id)).Status);

        await sandbox.AdvanceClockAsync(16);

        var deleted = await sandbox.Receiver.WaitForAsync("customer.subscription.deleted");
        var ended = (Subscription)deleted.Data.Object;
        Assert.Equal("canceled", ended.Status);
        Assert.Equal("payment_failed", ended.CancellationDetails.Reason);
        await sandbox.DeliveriesSettledAsync();
        Assert.Equal(4, sandbox.Receiver.OfType("invoice.payment_failed").Count);
    }

    [Fact]
    public async Task One_subscription_renews_fails_and_retries_on_request_while_the_clock_stays_put()
    {
        var (subscription, _) = await SubscribeAsync("tier_basic");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");
        var clockBefore = (await sandbox.GetAsync("/_sandbox/clock")).GetProperty("now").GetInt64();
        var firstPeriodEnd = (await Subscriptions().GetAsync(subscription.Id)).Items.Data[0].CurrentPeriodEnd;

        // Renewed within the second it started, the subscription still gets a later period.
        await sandbox.ControlAsync($"/_sandbox/subscriptions/{subscription.Id}/renew");
        var renewal = await sandbox.Receiver.WaitForAsync("invoice.paid", e => ((Invoice)e.Data.Object).BillingReason == "subscription_cycle");
        Assert.Equal(499, ((Invoice)renewal.Data.Object).AmountPaid);
        Assert.True((await Subscriptions().GetAsync(subscription.Id)).Items.Data[0].CurrentPeriodEnd > firstPeriodEnd);

        await sandbox.ControlAsync($"/_sandbox/subscriptions/{subscription.Id}/renew", new { fail = true });
        await sandbox.Receiver.WaitForAsync("invoice.payment_failed");
        Assert.Equal("past_due", (await Subscriptions().GetAsync(subscription.Id)).Status);

        await sandbox.ControlAsync($"/_sandbox/subscriptions/{subscription.Id}/retry");
        await sandbox.Receiver.WaitForAsync("customer.subscription.updated", e => ((Subscription)e.Data.Object).Status == "active"
            && e.Data.PreviousAttributes?["status"]?.ToString() == "past_due");
        var active = await Subscriptions().GetAsync(subscription.Id);
        Assert.Equal("active", active.Status);
        Assert.InRange((await sandbox.GetAsync("/_sandbox/clock")).GetProperty("now").GetInt64(), clockBefore, clockBefore + 5);

        await Subscriptions().UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        await sandbox.ControlAsync($"/_sandbox/subscriptions/{subscription.Id}/renew");
        await sandbox.Receiver.WaitForAsync("customer.subscription.deleted");
        Assert.Equal("canceled", (await Subscriptions().GetAsync(subscription.Id)).Status);
        using var refused = await sandbox.Http.PostAsync($"/_sandbox/subscriptions/{subscription.Id}/renew", null);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Past_due_subscription_recovers_when_a_retry_meets_a_good_card()
    {
        var (subscription, _) = await SubscribeAsync("tier_basic");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");
        await Subscriptions().UpdateAsync(subscription.Id,
            new SubscriptionUpdateOptions { DefaultPaymentMethod = "pm_card_chargeCustomerFail" });
        await sandbox.AdvanceClockAsync(31);
        Assert.Equal("past_due", (await Subscriptions().GetAsync(subscription.Id)).Status);

        await Subscriptions().UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { DefaultPaymentMethod = "pm_card_mastercard" });
        await sandbox.AdvanceClockAsync(3.5);

        Assert.Equal("active", (await Subscriptions().GetAsync(subscription.Id)).Status);
        var paid = await sandbox.Receiver.WaitForAsync("invoice.paid", e => ((Invoice)e.Data.Object).BillingReason == "subscription_cycle");
        Assert.Equal(2, ((Invoice)paid.Data.Object).AttemptCount);
    }

    [Fact]
    public async Task Upgrade_with_always_invoice_charges_the_prorated_difference_at_once()
    {
        var (subscription, _) = await SubscribeAsync("tier_basic");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");
        var item = (await Subscriptions().GetAsync(subscription.Id)).Items.Data[0];
        var vip = await PriceAsync("tier_vip");
        await sandbox.AdvanceClockAsync(10);

        var upgraded = await Subscriptions().UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item.Id, Price = vip.Id }],
            ProrationBehavior = "always_invoice",
            Expand = ["latest_invoice"],
        });

        Assert.Equal(vip.Id, upgraded.Items.Data[0].Price.Id);
        var invoice = upgraded.LatestInvoice;
        Assert.Equal("subscription_update", invoice.BillingReason);
        Assert.Equal("paid", invoice.Status);
        Assert.Equal(2, invoice.Lines.Data.Count);
        var credit = invoice.Lines.Data.Single(l => l.Amount < 0);
        var charge = invoice.Lines.Data.Single(l => l.Amount > 0);
        var whole = (long)(item.CurrentPeriodEnd - item.CurrentPeriodStart).TotalSeconds;
        var left = (long)(item.CurrentPeriodEnd - invoice.Lines.Data[0].Period.Start).TotalSeconds;
        Assert.Equal(-Prorate(499, left, whole), credit.Amount);
        Assert.Equal(Prorate(2499, left, whole), charge.Amount);
        Assert.Equal(credit.Amount + charge.Amount, invoice.AmountPaid);
        var updated = await sandbox.Receiver.WaitForAsync("customer.subscription.updated",
            e => ((Subscription)e.Data.Object).Items.Data[0].Price.Id == vip.Id);
        Assert.True(updated.Data.PreviousAttributes.ContainsKey("items"));
    }

    [Fact]
    public async Task Downgrade_with_prorations_credits_the_next_renewal()
    {
        var (subscription, _) = await SubscribeAsync("tier_vip");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");
        var item = (await Subscriptions().GetAsync(subscription.Id)).Items.Data[0];
        var basic = await PriceAsync("tier_basic");
        await sandbox.AdvanceClockAsync(15);

        await Subscriptions().UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item.Id, Price = basic.Id }],
        });
        await sandbox.AdvanceClockAsync(16);

        var renewal = await sandbox.Receiver.WaitForAsync("invoice.finalized",
            e => ((Invoice)e.Data.Object).BillingReason == "subscription_cycle");
        var invoice = (Invoice)renewal.Data.Object;
        Assert.Equal(3, invoice.Lines.Data.Count);
        Assert.Equal(invoice.Lines.Data.Sum(l => l.Amount), invoice.Total);
        Assert.True(invoice.Total < 499);
    }

    [Fact]
    public async Task Cancel_at_period_end_keeps_the_subscription_until_the_period_ends()
    {
        var (subscription, _) = await SubscribeAsync("tier_premium");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");

        var canceling = await Subscriptions().UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        Assert.True(canceling.CancelAtPeriodEnd);
        Assert.Equal("active", canceling.Status);
        Assert.Equal(canceling.Items.Data[0].CurrentPeriodEnd, canceling.CancelAt);

        await sandbox.AdvanceClockAsync(20);
        Assert.Equal("active", (await Subscriptions().GetAsync(subscription.Id)).Status);
        await sandbox.AdvanceClockAsync(12);

        var deleted = await sandbox.Receiver.WaitForAsync("customer.subscription.deleted");
        Assert.Equal("canceled", ((Subscription)deleted.Data.Object).Status);
        var invoices = await new InvoiceService(sandbox.Client()).ListAsync(new InvoiceListOptions { Subscription = subscription.Id });
        Assert.Single(invoices.Data);
    }

    [Fact]
    public async Task Cancel_now_ends_the_subscription_at_once_and_it_can_change_no_more()
    {
        var (subscription, _) = await SubscribeAsync("tier_basic");
        await PayFromBrowserAsync(subscription.LatestInvoice.ConfirmationSecret.ClientSecret, "pm_card_visa");

        var canceled = await Subscriptions().CancelAsync(subscription.Id);

        Assert.Equal("canceled", canceled.Status);
        Assert.NotNull(canceled.EndedAt);
        await sandbox.Receiver.WaitForAsync("customer.subscription.deleted");
        var refused = await Assert.ThrowsAsync<StripeException>(() =>
            Subscriptions().UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.HttpStatusCode);
        var listed = await Subscriptions().ListAsync(new SubscriptionListOptions { Customer = subscription.CustomerId });
        Assert.Empty(listed.Data);
    }

    [Fact]
    public async Task Unpaid_first_invoice_expires_the_subscription_after_23_hours()
    {
        var (subscription, _) = await SubscribeAsync("tier_basic");

        await sandbox.AdvanceClockAsync(1);

        var after = await Subscriptions().GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("incomplete_expired", after.Status);
        Assert.Equal("void", after.LatestInvoice.Status);
        await sandbox.Receiver.WaitForAsync("customer.subscription.deleted");
    }

    [Fact]
    public async Task Subscription_with_a_saved_card_is_charged_on_creation()
    {
        var customer = await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions
        {
            Email = "fan@example.com",
            PaymentMethod = "pm_card_visa",
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = "pm_card_mastercard" },
        });
        var basic = await PriceAsync("tier_basic");

        var subscription = await Subscriptions().CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = basic.Id }],
            PaymentBehavior = "error_if_incomplete",
        });

        Assert.Equal("active", subscription.Status);
        Assert.Equal(2, (await new PaymentMethodService(sandbox.Client())
            .ListAsync(new PaymentMethodListOptions { Customer = customer.Id })).Data.Count);
    }

    private SubscriptionService Subscriptions() => new(sandbox.Client());

    private async Task<Price> PriceAsync(string lookupKey) =>
        (await new PriceService(sandbox.Client()).ListAsync(new PriceListOptions { LookupKeys = [lookupKey] })).Data.Single();

    /// <summary>A customer and a subscription as Payments will make them: the first invoice left for the browser.</summary>
    private async Task<(Subscription Subscription, Customer Customer)> SubscribeAsync(string lookupKey)
    {
        var customer = await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions
        {
            Email = "viewer@example.com",
            Metadata = new Dictionary<string, string> { ["user_id"] = Guid.NewGuid().ToString() },
        });
        var price = await PriceAsync(lookupKey);
        var subscription = await Subscriptions().CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "default_incomplete",
            PaymentSettings = new SubscriptionPaymentSettingsOptions { SaveDefaultPaymentMethod = "on_subscription" },
            Metadata = new Dictionary<string, string> { ["channel"] = "some-channel" },
            Expand = ["latest_invoice.confirmation_secret"],
        });
        return (subscription, customer);
    }

    /// <summary>What Stripe.js does with a client secret: confirm the intent with the publishable key.</summary>
    private async Task PayFromBrowserAsync(string clientSecret, string paymentMethod)
    {
        var intentId = clientSecret[..clientSecret.IndexOf("_secret_", StringComparison.Ordinal)];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/payment_intents/{intentId}/confirm")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["payment_method"] = paymentMethod,
                ["client_secret"] = clientSecret,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxServer.PublishableKey);
        using var response = await sandbox.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static long Prorate(long amount, long part, long whole) => (amount * part * 2 + whole) / (whole * 2);
}
