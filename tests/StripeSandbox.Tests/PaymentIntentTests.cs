using System.Net;
using System.Net.Http.Headers;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class PaymentIntentTests(SandboxServer sandbox) : IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Visa_payment_succeeds_with_a_charge_whose_fee_is_2_9_percent_plus_30_cents()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var created = await intents.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 999,
            Currency = "usd",
            Description = "donation",
            Metadata = new Dictionary<string, string> { ["donation_id"] = "d-1" },
        });
        Assert.StartsWith("pi_", created.Id);
        Assert.Equal("requires_payment_method", created.Status);
        Assert.StartsWith(created.Id + "_secret_", created.ClientSecret);
        Assert.False(created.Livemode);

        var confirmed = await intents.ConfirmAsync(created.Id, new PaymentIntentConfirmOptions
        {
            PaymentMethod = "pm_card_visa",
            Expand = ["latest_charge.balance_transaction"],
        });

        Assert.Equal("succeeded", confirmed.Status);
        Assert.Equal(999, confirmed.AmountReceived);
        Assert.Equal("d-1", confirmed.Metadata["donation_id"]);
        var charge = confirmed.LatestCharge;
        Assert.StartsWith("ch_", charge.Id);
        Assert.True(charge.Paid);
        Assert.Equal("4242", charge.PaymentMethodDetails.Card.Last4);
        var transaction = charge.BalanceTransaction;
        Assert.StartsWith("txn_", transaction.Id);
        Assert.Equal(999, transaction.Amount);
        Assert.Equal(59, transaction.Fee);
        Assert.Equal(940, transaction.Net);
        Assert.Equal(charge.Id, transaction.SourceId);

        var balance = await new BalanceService(sandbox.Client()).GetAsync();
        Assert.Equal(940, balance.Available.Single(b => b.Currency == "usd").Amount);
    }

    [Fact]
    public async Task Declined_card_answers_402_card_error_and_records_a_failed_payment_event()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var created = await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 500, Currency = "usd" });

        var declined = await Assert.ThrowsAsync<StripeException>(() => intents.ConfirmAsync(created.Id,
            new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_visa_chargeDeclined" }));

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.HttpStatusCode);
        Assert.Equal("card_error", declined.StripeError.Type);
        Assert.Equal("card_declined", declined.StripeError.Code);
        Assert.Equal("generic_decline", declined.StripeError.DeclineCode);
        Assert.Equal("requires_payment_method", declined.StripeError.PaymentIntent.Status);
        Assert.StartsWith("ch_", declined.StripeError.Charge);

        var after = await intents.GetAsync(created.Id);
        Assert.Equal("card_declined", after.LastPaymentError.Code);
        var events = await new EventService(sandbox.Client()).ListAsync(new EventListOptions { Type = "payment_intent.payment_failed" });
        var failed = Assert.Single(events.Data);
        Assert.Equal(created.Id, ((PaymentIntent)failed.Data.Object).Id);
        Assert.Equal(StripeConfiguration.ApiVersion, failed.ApiVersion);
    }

    [Fact]
    public async Task Card_needing_authentication_waits_for_the_cardholder_then_succeeds()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 2000,
            Currency = "usd",
            PaymentMethod = "pm_card_authenticationRequired",
            Confirm = true,
        });
        Assert.Equal("requires_action", intent.Status);
        Assert.Equal("use_stripe_sdk", intent.NextAction.Type);

        await sandbox.ControlAsync($"/_sandbox/payment_intents/{intent.Id}/authenticate", new { outcome = "succeed" });

        var after = await intents.GetAsync(intent.Id);
        Assert.Equal("succeeded", after.Status);
        Assert.Null(after.NextAction);
    }

    [Fact]
    public async Task Redirect_to_the_challenge_comes_back_to_the_return_url_paid()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 2000,
            Currency = "usd",
            PaymentMethod = "pm_card_authenticationRequired",
            ReturnUrl = "https://aethex.example/donations/done",
            Confirm = true,
        });
        Assert.Equal("redirect_to_url", intent.NextAction.Type);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var challenge = await browser.GetAsync(intent.NextAction.RedirectToUrl.Url);

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var back = challenge.Headers.Location!.ToString();
        Assert.StartsWith("https://aethex.example/donations/done?payment_intent=" + intent.Id, back);
        Assert.Contains("redirect_status=succeeded", back);
        Assert.Equal("succeeded", (await intents.GetAsync(intent.Id)).Status);
    }

    [Fact]
    public async Task Off_session_payment_with_a_card_needing_authentication_declines()
    {
        var customer = await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions());
        var declined = await Assert.ThrowsAsync<StripeException>(() => new PaymentIntentService(sandbox.Client())
            .CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = 2000,
                Currency = "usd",
                Customer = customer.Id,
                PaymentMethod = "pm_card_authenticationRequired",
                OffSession = true,
                Confirm = true,
            }));

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.HttpStatusCode);
        Assert.Equal("authentication_required", declined.StripeError.Code);
    }

    [Fact]
    public async Task Failed_authentication_leaves_the_intent_waiting_for_another_card()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 2000,
            Currency = "usd",
            PaymentMethod = "pm_card_authenticationRequired",
            Confirm = true,
        });

        await sandbox.ControlAsync($"/_sandbox/payment_intents/{intent.Id}/authenticate", new { outcome = "fail" });

        var after = await intents.GetAsync(intent.Id);
        Assert.Equal("requires_payment_method", after.Status);
        Assert.Equal("payment_intent_authentication_failure", after.LastPaymentError.Code);
    }

    [Fact]
    public async Task Browser_confirms_with_the_publishable_key_and_client_secret_across_origins()
    {
        var intent = await new PaymentIntentService(sandbox.Client())
            .CreateAsync(new PaymentIntentCreateOptions { Amount = 1500, Currency = "usd" });

        using var wrongSecret = BrowserConfirm(intent.Id, intent.ClientSecret + "x");
        using var refused = await sandbox.Http.SendAsync(wrongSecret);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var confirm = BrowserConfirm(intent.Id, intent.ClientSecret);
        using var response = await sandbox.Http.SendAsync(confirm);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var confirmed = PaymentIntent.FromJson(await response.Content.ReadAsStringAsync());
        Assert.Equal("succeeded", confirmed.Status);
    }

    [Fact]
    public async Task Publishable_key_cannot_create_intents()
    {
        var client = sandbox.Client(apiKey: SandboxServer.PublishableKey);

        var refused = await Assert.ThrowsAsync<StripeException>(() => new PaymentIntentService(client)
            .CreateAsync(new PaymentIntentCreateOptions { Amount = 1500, Currency = "usd" }));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
    }

    [Fact]
    public async Task Canceled_intent_cannot_be_canceled_or_confirmed_again()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 700, Currency = "eur" });

        var canceled = await intents.CancelAsync(intent.Id, new PaymentIntentCancelOptions { CancellationReason = "abandoned" });
        Assert.Equal("canceled", canceled.Status);
        Assert.Equal("abandoned", canceled.CancellationReason);

        var again = await Assert.ThrowsAsync<StripeException>(() => intents.CancelAsync(intent.Id));
        Assert.Equal("payment_intent_unexpected_state", again.StripeError.Code);
        var confirm = await Assert.ThrowsAsync<StripeException>(() =>
            intents.ConfirmAsync(intent.Id, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_visa" }));
        Assert.Equal(HttpStatusCode.BadRequest, confirm.HttpStatusCode);
    }

    private HttpRequestMessage BrowserConfirm(string intentId, string clientSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/payment_intents/{intentId}/confirm")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["payment_method"] = "pm_card_visa",
                ["client_secret"] = clientSecret,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxServer.PublishableKey);
        request.Headers.Add("Origin", "http://localhost:5000");
        return request;
    }
}
