using System.Net;
using System.Net.Sockets;
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
    /// <summary>Failed sign-ins one address may make at once; it earns one back every <see cref="SignInFailureRefill"/>.</summary>
    public const int SignInFailureBurst = 20;
    /// <summary>Chat runs as two replicas, so that room fan-out is always tested across the backplane.</summary>
    public const int ChatReplicas = 2;
    public static readonly TimeSpan SignInFailureRefill = TimeSpan.FromSeconds(3);

    /// <summary>The "load balancer" in front of the gateway: the only address whose X-Forwarded-For it believes.</summary>
    public static readonly IPAddress TrustedProxy = IPAddress.Parse("127.0.0.2");

    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(4);
    /// <summary>
    /// Short enough that a test sees viewers leave, long enough that none leaves while a test's thousand
    /// heartbeats are still being sent on a loaded machine (CI once took over 5 s and counted 498 of 500).
    /// </summary>
    public static readonly TimeSpan ViewerTimeout = TimeSpan.FromSeconds(15);
    /// <summary>VOD jobs read recordings at this multiple of real time: long enough for a test to kill Content inside one.</summary>
    public const int VodReadRate = 8;
    public static readonly TimeSpan SignedMediaLifetime = TimeSpan.FromSeconds(4);

    /// <summary>Payments gives up on a Stripe call after this (the caller gets 504 and may retry).</summary>
    public static readonly TimeSpan StripeTimeout = TimeSpan.FromSeconds(2);
    /// <summary>Stripe events younger than this are left to the webhook; older unrecorded ones the reconciler applies.</summary>
    public static readonly TimeSpan ReconcilerGrace = TimeSpan.FromSeconds(20);

    /// <summary>The least time between two verification mails to one user (Identity:Email:ResendInterval).</summary>
    public const int VerificationResendSeconds = 5;

    private static int _clientAddresses;

    private readonly string _dataDirectory = RepositoryPaths.NewDataDirectory("e2e");
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");
    public HttpClient Gateway { get; private set; } = null!;
    /// <summary>What reached the development mail server (smtp4dev), read through its API.</summary>
    public MailInbox Mail { get; private set; } = null!;
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
            $"--Services:identity:Identity:Email:ResendInterval={TimeSpan.FromSeconds(VerificationResendSeconds)}",
            "--Services:identity:Identity:Email:MaxPerDay=1000",
            $"--Services:gateway:Gateway:RateLimits:SignInFailures:Burst={SignInFailureBurst}",
            $"--Services:gateway:Gateway:RateLimits:SignInFailures:RefillEvery={SignInFailureRefill}",
            $"--Services:gateway:Gateway:TrustedProxies:0={TrustedProxy}",
            // Tests (and the bad-input sweep) write and create far more per user than a person does;
            // the other per-kind budgets (follows, reports) keep their defaults, and
            // HardeningTests spends the reports budget to prove the kind budgets hold.
            "--Services:gateway:Gateway:RateLimits:Writes:Burst=5000",
            "--Services:gateway:Gateway:RateLimits:WriteClasses:creations:Burst=1000",
            "--Services:gateway:Gateway:RateLimits:WriteClasses:creations:RefillEvery=00:00:01",
            "--Services:gateway:Gateway:RateLimits:WriteClasses:payments:Burst=1000",
            "--Services:gateway:Gateway:RateLimits:WriteClasses:payments:RefillEvery=00:00:01",
            "--Services:gateway:Gateway:RateLimits:AnonymousWrites:Burst=5000",
            $"--Services:streaming:Ingest:ReconnectGrace={ReconnectGrace}",
            $"--Services:streaming:Viewers:Timeout={ViewerTimeout}",
            "--Services:streaming:Viewers:SweepInterval=00:00:01",
            $"--Services:content:Vods:ReadRate={VodReadRate}",
            "--Services:content:Vods:Lease=00:00:06",
            $"--Services:content:Media:SignedUrlLifetime={SignedMediaLifetime}",
            "--Services:competition:Competition:Leaderboards:ArchiveInterval=00:00:01",
            "--Services:competition:Competition:Leaderboards:ArchiveGrace=00:00:00",
            "--Services:competition:Competition:Tournaments:RegistrationCheckInterval=00:00:01",
            $"--Infrastructure:Replicas:Chat={ChatReplicas}",
            $"--Services:payments:Stripe:RequestTimeout={StripeTimeout}",
            "--Services:payments:Payments:Reconciler:Interval=00:00:02",
            $"--Services:payments:Payments:Reconciler:Grace={ReconcilerGrace}",
            // PayoutTests: subscription shares are payable at once, and two basic subscriptions reach the minimum.
            "--Services:payments:Payments:Ledger:HoldByKind:subscription=00:00:00",
            "--Services:payments:Payments:Ledger:ReleaseInterval=00:00:01",
            "--Services:payments:Payments:Payouts:MinimumCents=300",
            // PayoutTests choose each run's period; an automatic one for last month would pay their balances first.
            "--Services:payments:Payments:Payouts:PayDay=0",
            // CommunityGiftTests: the unplaced part of a gift is refunded within seconds.
            "--Services:payments:Payments:GiftedSubscriptions:Interval=00:00:01",
            // Stripe retries a refused delivery for days; the sandbox's default gives up after 15 s, shorter than a restart here.
            .. new[] { 300, 600, 1000, 2000, 3000, 5000, 8000, 10000, 10000 }
                .Select((delay, i) => $"--Services:stripe-sandbox:Sandbox:WebhookRetryDelaysMs:{i}={delay}"),
        ]));
        _app = await builder.BuildAsync();
        // Four minutes is plenty on a quiet machine; a busy one (a build beside the tests) needs more.
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await _app.StartAsync(startup.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("mail", startup.Token);
        Gateway = CreateGatewayClient();
        Mail = new MailInbox(_app.CreateHttpClient("mail", "http"));
    }

    /// <summary>
    /// A client of the gateway calling from an address of its own: it connects from the trusted
    /// proxy's address and names its own in X-Forwarded-For, as a load balancer would, so
    /// per-address limits count each test separately.
    /// </summary>
    public HttpClient CreateGatewayClient()
    {
        var n = Interlocked.Increment(ref _clientAddresses);
        return CreateGatewayClient(TrustedProxy, $"198.51.{n / 250}.{n % 250 + 1}");
    }

    /// <summary>A client of the gateway connecting from <paramref name="from"/> (any 127.x address), claiming <paramref name="forwardedFor"/> if given.</summary>
    public HttpClient CreateGatewayClient(IPAddress from, string? forwardedFor = null)
    {
        var gateway = App.GetEndpoint("gateway", "http");
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gateway.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = gateway };
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    /// <summary>Where clients reach the platform: the token issuer and every address in Identity's discovery document.</summary>
    public string PublicOrigin => $"http://localhost:{App.GetEndpoint("gateway", "http").Port}";

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
        // The browser suite runs beside every class without the mark, and would see the resource vanish under it.
        var caller = new System.Diagnostics.StackTrace().GetFrames().Select(f => f.GetMethod()?.DeclaringType)
            .Select(t => t?.DeclaringType ?? t);
        Assert.True(command == "resource-start" || caller.Any(t => t?.IsDefined(typeof(StopsServicesAttribute), false) == true),
            $"A class that runs {command} on {resource} must be marked [StopsServices], so it runs before the browser suite starts.");
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
