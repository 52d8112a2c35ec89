using System.Net;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class IdempotencyTests(SandboxServer sandbox) : IAsyncLifetime
{
    private const string CreateIntent = "POST /v1/payment_intents";

    public Task InitializeAsync() => sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Same_key_and_parameters_replay_the_saved_response()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var options = new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" };
        var key = new RequestOptions { IdempotencyKey = "donation-1" };

        var first = await intents.CreateAsync(options, key);
        var second = await intents.CreateAsync(options, key);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.ClientSecret, second.ClientSecret);
        Assert.Equal("true", second.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.StripeResponse.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((1, 1), await sandbox.RouteStatsAsync(CreateIntent));
        var listed = await intents.ListAsync();
        Assert.Single(listed.Data);
    }

    [Fact]
    public async Task A_declined_confirmation_is_replayed_as_the_same_decline()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var intent = await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" });
        var options = new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_chargeDeclinedInsufficientFunds" };
        var key = new RequestOptions { IdempotencyKey = "confirm-1" };

        var first = await Assert.ThrowsAsync<StripeException>(() => intents.ConfirmAsync(intent.Id, options, key));
        var second = await Assert.ThrowsAsync<StripeException>(() => intents.ConfirmAsync(intent.Id, options, key));

        Assert.Equal("insufficient_funds", first.StripeError.DeclineCode);
        Assert.Equal(first.StripeError.Charge, second.StripeError.Charge);
        var charges = await new ChargeService(sandbox.Client()).ListAsync(new ChargeListOptions { PaymentIntent = intent.Id });
        Assert.Single(charges.Data);
    }

    [Fact]
    public async Task Same_key_with_other_parameters_is_refused_with_idempotency_error()
    {
        var intents = new PaymentIntentService(sandbox.Client());
        var key = new RequestOptions { IdempotencyKey = "donation-2" };
        await intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" }, key);

        var refused = await Assert.ThrowsAsync<StripeException>(() =>
            intents.CreateAsync(new PaymentIntentCreateOptions { Amount = 2000, Currency = "usd" }, key));

        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal("idempotency_error", refused.StripeError.Type);
        Assert.Equal((1, 0), await sandbox.RouteStatsAsync(CreateIntent));
    }

    [Fact]
    public async Task Duplicate_arriving_while_the_first_still_runs_is_told_409_key_in_use()
    {
        await sandbox.ControlAsync("/_sandbox/faults", new { count = 1, stallMs = 1500, path = "/v1/payment_intents" });
        var intents = new PaymentIntentService(sandbox.Client(maxNetworkRetries: 0));
        var options = new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" };
        var key = new RequestOptions { IdempotencyKey = "donation-3" };

        var first = intents.CreateAsync(options, key);
        await Task.Delay(300);
        var duplicate = await Assert.ThrowsAsync<StripeException>(() => intents.CreateAsync(options, key));

        Assert.Equal(HttpStatusCode.Conflict, duplicate.HttpStatusCode);
        Assert.Equal("idempotency_key_in_use", duplicate.StripeError.Code);
        Assert.StartsWith("pi_", (await first).Id);
        Assert.Equal((1, 0), await sandbox.RouteStatsAsync(CreateIntent));
    }

    [Fact]
    public async Task Fifty_concurrent_identical_requests_execute_once_and_all_get_the_same_intent()
    {
        await sandbox.ControlAsync("/_sandbox/faults", new { count = 1, stallMs = 300, path = "/v1/payment_intents" });
        var intents = new PaymentIntentService(sandbox.Client(maxNetworkRetries: 5));
        var options = new PaymentIntentCreateOptions { Amount = 1234, Currency = "usd" };

        var all = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            intents.CreateAsync(options, new RequestOptions { IdempotencyKey = "burst" })));

        Assert.Single(all.Select(i => i.Id).Distinct());
        var (executed, replayed) = await sandbox.RouteStatsAsync(CreateIntent);
        Assert.Equal(1, executed);
        Assert.Equal(49, replayed);
        Assert.Single((await intents.ListAsync()).Data);
    }
}
