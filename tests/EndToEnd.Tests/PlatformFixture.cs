using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AeThexLive.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// The whole system, booted once per test run from the real AppHost: local PostgreSQL,
/// Redis, RabbitMQ and nginx-rtmp processes, seven services and the gateway, all on ports
/// and in a data folder of their own so a running dev instance is left alone.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string AdminUsername = "e2e_admin";
    public const int LockoutThreshold = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromSeconds(6);
    public const int AuthRateLimit = 30;
    public static readonly TimeSpan AuthRateWindow = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan ViewerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Payments gives up on a Stripe call after this (the caller gets 504 and may retry).</summary>
    public static readonly TimeSpan StripeTimeout = TimeSpan.FromSeconds(2);
    /// <summary>Stripe events younger than this are left to the webhook; older unrecorded ones the reconciler applies.</summary>
    public static readonly TimeSpan ReconcilerGrace = TimeSpan.FromSeconds(20);

    private static int _clientAddresses;

    private readonly string _dataDirectory = RepositoryPaths.NewDataDirectory("e2e");
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");
    public HttpClient Gateway { get; private set; } = null!;
    public int PostgresPort { get; } = LocalPostgres.FreePort();

    public string DatabaseConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Password={File.ReadAllText(Path.Combine(_dataDirectory, "postgres-password.secret")).Trim()};Database={database}";

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(LocalPlatform.Arguments(_dataDirectory, PostgresPort,
        [
            $"--Services:identity:Identity:InitialAdmin={AdminUsername}",
            $"--Services:identity:Identity:Lockout:MaxFailedAttempts={LockoutThreshold}",
            $"--Services:identity:Identity:Lockout:Duration={LockoutDuration}",
            $"--Services:gateway:Gateway:RateLimits:Auth:PermitLimit={AuthRateLimit}",
            $"--Services:gateway:Gateway:RateLimits:Auth:Window={AuthRateWindow}",
            $"--Services:streaming:Ingest:ReconnectGrace={ReconnectGrace}",
            $"--Services:streaming:Viewers:Timeout={ViewerTimeout}",
            "--Services:streaming:Viewers:SweepInterval=00:00:01",
            "--Infrastructure:Replicas:Chat=2",
            $"--Services:payments:Stripe:RequestTimeout={StripeTimeout}",
            "--Services:payments:Payments:Reconciler:Interval=00:00:02",
            $"--Services:payments:Payments:Reconciler:Grace={ReconcilerGrace}",
            // Stripe retries a refused delivery for days; the sandbox's default gives up after 15 s, shorter than a restart here.
            .. new[] { 300, 600, 1000, 2000, 3000, 5000, 8000, 10000, 10000 }
                .Select((delay, i) => $"--Services:stripe-sandbox:Sandbox:WebhookRetryDelaysMs:{i}={delay}"),
        ]));
        _app = await builder.BuildAsync();
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _app.StartAsync(startup.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
        Gateway = CreateGatewayClient();
    }

    /// <summary>
    /// A client of the gateway calling from an address of its own (as X-Forwarded-For from
    /// loopback, which the gateway trusts), so per-address limits count each test separately.
    /// </summary>
    public HttpClient CreateGatewayClient()
    {
        var client = App.CreateHttpClient("gateway", "http");
        var n = Interlocked.Increment(ref _clientAddresses);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.{n / 250}.{n % 250 + 1}");
        return client;
    }

    private Account? _admin;

    /// <summary>The configured initial admin, registered on first use and signed in afresh each time.</summary>
    public async Task<Account> AdminAsync()
    {
        using var gateway = CreateGatewayClient();
        if (_admin is null)
        {
            _admin = await Accounts.RegisterAndLoginAsync(gateway, AdminUsername);
            return _admin;
        }
        return _admin with { Tokens = await Accounts.LoginAsync(gateway, AdminUsername) };
    }

    /// <summary>The Stripe sandbox's secret key (made by the AppHost on first start), for reading events as Payments does.</summary>
    public string StripeSecretKey => "sk_test_" + File.ReadAllText(Path.Combine(_dataDirectory, "stripe-sandbox-secret-key.secret")).Trim();

    /// <summary>Where a creator points OBS or ffmpeg (plus the stream key).</summary>
    public string RtmpIngestUrl => $"rtmp://127.0.0.1:{App.GetEndpoint("ingest", "rtmp").Port}/live";

    /// <summary>nginx's HTTP side, past the gateway.</summary>
    public HttpClient CreateIngestClient() => App.CreateHttpClient("ingest", "http");

    /// <summary>A client straight to a service, past the gateway.</summary>
    public HttpClient CreateServiceClient(string service) => App.CreateHttpClient(service, "http");

    /// <summary>Stops or starts a resource as the dashboard's buttons do.</summary>
    public async Task CommandAsync(string resource, string command)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} on {resource} failed: {result.Message}");
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
