using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Paying as a viewer's app does: start a payment through the gateway, confirm it at the sandbox as Stripe.js would.</summary>
public sealed class PaymentFlows(PlatformFixture platform) : IDisposable
{
    private readonly HttpClient _sandbox = new();

    public HttpClient Gateway { get; } = platform.CreateGatewayClient();
    public string PaymentsDb => platform.DatabaseConnectionString("paymentsdb");

    private (string SandboxUrl, string PublishableKey)? _config;

    /// <summary>
    /// The sandbox's address and the publishable key, as an app reads them once from Payments' config: kept, so talking
    /// to the sandbox does not depend on Payments answering (some tests stop it).
    /// </summary>
    public async Task<(string SandboxUrl, string PublishableKey)> ConfigAsync()
    {
        if (_config is { } known) return known;
        var config = await Gateway.GetFromJsonAsync<JsonElement>("/api/payments/config");
        Assert.Equal("sandbox", config.GetProperty("mode").GetString());
        _config = (config.GetProperty("sandboxUrl").GetString()!, config.GetProperty("publishableKey").GetString()!);
        return _config.Value;
    }

    public Task<HttpResponseMessage> DonateAsync(Account? donor, string slug, object body, string? key) =>
        SendWithKeyAsync(HttpMethod.Post, $"/api/channels/{slug}/donations", donor, body, key);

    public Task<HttpResponseMessage> GiftAsync(Account? sender, object body, string? key) =>
        SendWithKeyAsync(HttpMethod.Post, "/api/gifts", sender, body, key);

    /// <summary>A started donation: its id, PaymentIntent and client secret.</summary>
    public async Task<Started> StartDonationAsync(Account donor, string slug, long amountCents, string? message = null)
    {
        using var response = await DonateAsync(donor, slug, new { amountCents, currency = "usd", message }, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Started.From(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Confirms at the sandbox with the publishable key and client secret; returns the status code the "browser" got.</summary>
    public async Task<HttpStatusCode> ConfirmAsync(Started payment, string paymentMethod = "pm_card_visa")
    {
        var (sandboxUrl, publishableKey) = await ConfigAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{sandboxUrl}/v1/payment_intents/{payment.PaymentIntentId}/confirm")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", publishableKey) },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["payment_method"] = paymentMethod,
                ["client_secret"] = payment.ClientSecret,
            }),
        };
        using var response = await _sandbox.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A sandbox test control (POST, or PUT for modes); the answer's JSON.</summary>
    public async Task<JsonElement> SandboxAsync(HttpMethod method, string path, object? body = null)
    {
        var (sandboxUrl, _) = await ConfigAsync();
        using var request = new HttpRequestMessage(method, sandboxUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _sandbox.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Stripe's own API at the sandbox, with the secret key, as Payments calls it (GET, or a form POST).</summary>
    public async Task<JsonElement> StripeAsync(HttpMethod method, string path, IReadOnlyDictionary<string, string>? form = null)
    {
        var (sandboxUrl, _) = await ConfigAsync();
        using var request = new HttpRequestMessage(method, sandboxUrl + path)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", platform.StripeSecretKey) },
            Content = form is null ? null : new FormUrlEncodedContent(form),
        };
        using var response = await _sandbox.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Confirms a subscription's first invoice from its client secret, as Stripe.js would.</summary>
    public Task<HttpStatusCode> PayFirstInvoiceAsync(string clientSecret, string paymentMethod = "pm_card_visa") =>
        ConfirmAsync(new Started(Guid.Empty, "pending", clientSecret[..clientSecret.IndexOf("_secret_", StringComparison.Ordinal)], clientSecret),
            paymentMethod);

    public Task<JsonElement> DeliveryModeAsync(object mode) => SandboxAsync(HttpMethod.Put, "/_sandbox/webhooks/mode", mode);

    /// <summary>PaymentIntents the sandbox has really made (replays of an idempotent create not counted).</summary>
    public async Task<long> PaymentIntentsMadeAsync()
    {
        var stats = await SandboxAsync(HttpMethod.Get, "/_sandbox/stats");
        return stats.GetProperty("api").GetProperty("routes").TryGetProperty("POST /v1/payment_intents", out var route)
            ? route.GetProperty("executed").GetInt64()
            : 0;
    }

    /// <summary>Waits until Payments has heard of the channel (from ChannelCreated).</summary>
    public async Task WaitChannelKnownAsync(Account owner, string slug)
    {
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/revenue", owner);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(15)), "Payments never heard of the channel");
    }

    public Task<long?> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        DatabaseInspection.ScalarAsync<long?>(PaymentsDb, sql, parameters);

    public async Task<bool> DonationsCompletedAsync(Guid channelId, int expected, TimeSpan within) =>
        await Eventually.HoldsAsync(async () => await CountAsync(
            "SELECT count(*) FROM donations WHERE channel_id = @c AND status = 'completed'", ("c", channelId)) == expected, within);

    /// <summary>Alerts the room pushes, as the viewer's client receives them.</summary>
    public static async Task<(HubConnection Room, Channel<JsonElement> Alerts)> WatchAlertsAsync(PlatformFixture platform, Guid streamId)
    {
        var room = await ChatRooms.ConnectAsync(platform, null);
        var alerts = Channel.CreateUnbounded<JsonElement>();
        room.On<JsonElement>("Alert", a => alerts.Writer.TryWrite(a));
        await room.InvokeAsync("JoinStream", streamId);
        return (room, alerts);
    }

    /// <summary>Reads alerts until <paramref name="expected"/> have come (or time is up), then a little longer for any extra.</summary>
    public static async Task<List<JsonElement>> CollectAlertsAsync(Channel<JsonElement> alerts, int expected, TimeSpan within)
    {
        var received = new List<JsonElement>();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            while (received.Count < expected) received.Add(await alerts.Reader.ReadAsync(deadline.Token));
        }
        catch (OperationCanceledException)
        {
            return received;
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        while (alerts.Reader.TryRead(out var extra)) received.Add(extra);
        return received;
    }

    private Task<HttpResponseMessage> SendWithKeyAsync(HttpMethod method, string path, Account? user, object body, string? key)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (user is not null) request.Headers.Authorization = user.Bearer;
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return Gateway.SendAsync(request);
    }

    public void Dispose()
    {
        _sandbox.Dispose();
        Gateway.Dispose();
    }
}

public sealed record Started(Guid Id, string Status, string PaymentIntentId, string ClientSecret)
{
    public static Started From(JsonElement body) => new(body.GetProperty("id").GetGuid(), body.GetProperty("status").GetString()!,
        body.GetProperty("paymentIntentId").GetString()!, body.GetProperty("clientSecret").GetString()!);
}
