using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AeThexLive.Benchmarks;

/// <summary>What every benchmark starts from: the whole platform on free ports and its own data folder, and a signed-in creator.</summary>
public static class BenchmarkPlatform
{
    /// <summary>
    /// A benchmark measures what the platform can carry, from one address and a handful of users:
    /// the gateway's per-user and per-address budgets (which exist to stop one person) are set far
    /// above any load it sends. A benchmark's own settings come after these and may override them.
    /// </summary>
    private static readonly string[] BudgetsThatNeverBind =
    [
        .. new[] { "SignInFailures", "SignUps", "AuthRequests", "Writes", "AnonymousWrites",
                "WriteClasses:creations", "WriteClasses:follows", "WriteClasses:reports", "WriteClasses:payments" }
            .SelectMany(budget => new[]
            {
                $"--Services:gateway:Gateway:RateLimits:{budget}:Burst=10000000",
                $"--Services:gateway:Gateway:RateLimits:{budget}:RefillEvery=00:00:00.001",
            }),
    ];

    /// <summary>Boots the AppHost with <paramref name="settings"/> and returns once the gateway reports every service healthy.</summary>
    public static async Task<DistributedApplication> StartAsync(string dataDirectory, params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            LocalPlatform.Arguments(dataDirectory, LocalPostgres.FreePort(), [.. BudgetsThatNeverBind, .. settings]));
        // The figures, not the servers' chatter: resource logs and start-up health probes stay quiet.
        builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));
        var app = await builder.BuildAsync();
        Console.WriteLine("Starting the platform…");
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway");
        return app;
    }

    /// <summary>
    /// Starts counting the CPU this run's processes spend, named by part (<see cref="PlatformParts"/>), until stopped;
    /// <paramref name="ownCommand"/> names the benchmark's own child processes (a bare hub).
    /// </summary>
    public static ProcessCpu SampleCpu(DistributedApplication app, string dataDirectory, (string Argument, string Name)? ownCommand = null) =>
        ProcessCpu.Start(PlatformParts.MarkersOf(dataDirectory, app.GetEndpoint("redis", "tcp").Port),
            (_, commandLine) => PlatformParts.Of(commandLine, ownCommand: ownCommand));

    /// <summary>
    /// Waits until the platform idles (<see cref="Settling"/>: a quarter of a core over 5 s, for at most
    /// 3 minutes), so a measure does not mix its start-up into the figures.
    /// </summary>
    public static Task<(TimeSpan Waited, bool Settled, CpuWindow Last)> SettleAsync(DistributedApplication app, string dataDirectory) =>
        Settling.WaitAsync(() => SampleCpu(app, dataDirectory), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3));

    /// <summary>A client for load against <paramref name="address"/>: enough pooled connections that no caller waits for one, no cookies.</summary>
    public static HttpClient LoadClient(Uri address) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Registers and signs in a new user; <paramref name="gateway"/> then sends as them. Returns the access token.</summary>
    public static async Task<string> SignInNewUserAsync(HttpClient gateway, string prefix)
    {
        var username = $"{prefix}_{Guid.NewGuid():N}"[..20];
        const string password = "benchmark passphrase 1";
        (await gateway.PostAsJsonAsync("/api/auth/register", new { username, email = $"{username}@example.com", password })).EnsureSuccessStatusCode();
        var login = await (await gateway.PostAsJsonAsync("/api/auth/login", new { login = username, password })).Content.ReadFromJsonAsync<JsonElement>();
        var token = login.GetProperty("accessToken").GetString()!;
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }
}
