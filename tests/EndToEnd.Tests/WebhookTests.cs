using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Stripe's webhook through the gateway: only a fresh, correctly signed, unaltered event has an effect, and only once.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WebhookTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Path = "/api/payments/stripe/webhook";
    private readonly PaymentFlows _pay = new(platform);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pay.DeliveryModeAsync(new { });
        await LedgerInvariants.AssertHoldAsync(_pay.PaymentsDb);
        _pay.Dispose();
    }

    [Fact]
    public async Task Unsigned_forged_altered_or_stale_events_are_refused_and_change_nothing_and_a_replay_changes_nothing_more()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var started = await _pay.StartDonationAsync(donor, slug, 2500);
        // The event is made but not delivered, so this test is the only one to deliver it.
        await _pay.DeliveryModeAsync(new { drop = true });
        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(started));
        await _pay.DeliveryModeAsync(new { });
        var body = await SucceededEventAsync(started.PaymentIntentId);
        var secret = (await _pay.SandboxAsync(HttpMethod.Get, "/_sandbox/config")).GetProperty("webhookSecret").GetString()!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await RefusedAsync(body, null);
        await RefusedAsync(body, Sign(body, "whsec_not_the_endpoints_secret", now));
        await RefusedAsync(Tampered(body), Sign(body, secret, now));
        await RefusedAsync(body, Sign(body, secret, now - 301));
        await RefusedAsync(body, "t=garbage");
        Assert.Equal("pending", await StatusAsync(started.Id));
        Assert.Equal(0, await _pay.CountAsync("SELECT count(*) FROM processed_webhook_events WHERE event_id = @e", ("e", EventId(body))));

        // Nearly five minutes old is still on time. Timed from now, not from before the refusals: on a busy
        // machine they take seconds, and a stamp taken then would cross the tolerance on the way.
        Assert.Equal("applied", await AcceptedAsync(body, Sign(body, secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 290)));
        Assert.Equal("completed", await StatusAsync(started.Id));
        Assert.Equal("duplicate", await AcceptedAsync(body, Sign(body, secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds())));
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE source_id = @d", ("d", started.Id)));
    }

    private async Task<string> SucceededEventAsync(string paymentIntentId)
    {
        var (sandboxUrl, _) = await _pay.ConfigAsync();
        using var http = new HttpClient { DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", platform.StripeSecretKey) } };
        var events = await http.GetFromJsonAsync<JsonElement>($"{sandboxUrl}/v1/events?type=payment_intent.succeeded&limit=100");
        var id = events.GetProperty("data").EnumerateArray()
            .Single(e => e.GetProperty("data").GetProperty("object").GetProperty("id").GetString() == paymentIntentId).GetProperty("id").GetString();
        return await http.GetStringAsync($"{sandboxUrl}/v1/events/{id}");
    }

    /// <summary>The same event with the amount changed after signing.</summary>
    private static string Tampered(string body)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        node["data"]!["object"]!["amount"] = 25;
        return node.ToJsonString();
    }

    private static string EventId(string body) => JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

    /// <summary>Stripe's scheme: t=unix seconds, v1=hex HMAC-SHA256 of "t.body" keyed with the endpoint's secret.</summary>
    private static string Sign(string body, string secret, long timestamp)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    private async Task RefusedAsync(string body, string? signature)
    {
        using var response = await PostAsync(body, signature);
        await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private async Task<string?> AcceptedAsync(string body, string signature)
    {
        using var response = await PostAsync(body, signature);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString();
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return _pay.Gateway.SendAsync(request);
    }

    private Task<string?> StatusAsync(Guid donationId) =>
        DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb, "SELECT status FROM donations WHERE id = @id", ("id", donationId));
}
