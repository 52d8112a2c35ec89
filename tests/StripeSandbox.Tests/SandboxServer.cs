using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

/// <summary>
/// A sandbox of its own for a test class, listening on a free loopback port like the real one,
/// with a webhook receiver it delivers to. Stripe.net talks to it exactly as it would to Stripe.
/// </summary>
public sealed class SandboxServer : IAsyncLifetime
{
    // Made fresh for each test run, as the AppHost makes the sandbox's keys on first start: no
    // key-shaped literal is committed, and nothing outside this run can know them.
    public static readonly string SecretKey = "sk_test_" + RandomNumberGenerator.GetHexString(32, lowercase: true);
    public static readonly string PublishableKey = "pk_test_" + RandomNumberGenerator.GetHexString(32, lowercase: true);
    public static readonly string WebhookSecret = "whsec_" + RandomNumberGenerator.GetHexString(32, lowercase: true);

    private WebApplication? app;

    public string BaseUrl { get; private set; } = "";
    public HttpClient Http { get; } = new();
    public WebhookReceiver Receiver { get; } = new(WebhookSecret);

    public async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        app = SandboxHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Development",
            $"--Sandbox:SecretKey={SecretKey}",
            $"--Sandbox:PublishableKey={PublishableKey}",
            $"--Sandbox:WebhookSecret={WebhookSecret}",
            $"--Sandbox:WebhookUrl={Receiver.Url}",
            "--Sandbox:WebhookRetryDelaysMs:0=100",
            "--Sandbox:WebhookRetryDelaysMs:1=200",
            "--Sandbox:WebhookRetryDelaysMs:2=300",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        BaseUrl = app.Urls.Single().TrimEnd('/');
        Http.BaseAddress = new Uri(BaseUrl);
    }

    public async Task DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        await Receiver.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>A Stripe.net client pointed at the sandbox, retrying as Stripe.net does unless told otherwise.</summary>
    public StripeClient Client(int maxNetworkRetries = 2, TimeSpan? timeout = null, string? apiKey = null)
    {
        var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = apiKey ?? SecretKey,
            ApiBase = BaseUrl,
            ConnectBase = BaseUrl,
            FilesBase = BaseUrl,
            HttpClient = new SystemNetHttpClient(http, maxNetworkRetries, enableTelemetry: false),
        });
    }

    public async Task ResetAsync()
    {
        (await Http.PostAsync("/_sandbox/reset", null)).EnsureSuccessStatusCode();
        Receiver.Clear();
    }

    public Task<JsonElement> ControlAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var text = await Http.GetStringAsync(path);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task AdvanceClockAsync(double days) => ControlAsync("/_sandbox/clock/advance", new { days });

    /// <summary>Waits until every delivery that can go out has gone out (or given up).</summary>
    public async Task DeliveriesSettledAsync()
    {
        var answer = await ControlAsync("/_sandbox/webhooks/wait", new { timeoutMs = 15_000 });
        Assert.True(answer.GetProperty("idle").GetBoolean(), "deliveries still outstanding: " + answer);
    }

    /// <summary>How often a route ran and was replayed, from <c>/_sandbox/stats</c>.</summary>
    public async Task<(long Executed, long Replayed)> RouteStatsAsync(string route)
    {
        var stats = await GetAsync("/_sandbox/stats");
        return stats.GetProperty("api").GetProperty("routes").TryGetProperty(route, out var counters)
            ? (counters.GetProperty("executed").GetInt64(), counters.GetProperty("replayed").GetInt64())
            : (0, 0);
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxServer>
{
    public const string Name = "sandbox";
}
