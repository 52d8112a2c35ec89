using System.Diagnostics;
using System.Text.Json;
using AeThexLive.ServiceDefaults;

namespace AeThexLive.Gateway;

public sealed record ServiceHealthEntry(string Status, int? HttpStatus, double DurationMs, JsonElement? Checks, string? Error);

public sealed record SystemHealth(string Status, string Gateway, IReadOnlyDictionary<string, ServiceHealthEntry> Services);

/// <summary>Health as anyone may see it: up or not, nothing about what runs behind.</summary>
public sealed record PublicHealth(string Status);

/// <summary>
/// GET /health at the gateway: the gateway itself and every service's own /health, asked in
/// parallel. Anonymous callers (load balancers, uptime checks) get the status alone; an admin's
/// token shows each service's checks and timings.
/// </summary>
public static class ServiceHealth
{
    public static IEndpointRouteBuilder MapSystemHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async Task<IResult> (HttpContext context, IHttpClientFactory clients, IConfiguration configuration, CancellationToken cancellationToken) =>
            {
                var client = clients.CreateClient("service-health");
                var instances = PlatformServices.All.SelectMany(service => RouteTable.Instances(configuration, service.Name));
                var results = await Task.WhenAll(instances.Select(async service =>
                    (service, entry: await ProbeAsync(client, service, cancellationToken))));
                var services = results.ToDictionary(r => r.service, r => r.entry);
                var healthy = services.Values.All(s => s.Status == "Healthy");
                var status = healthy ? "Healthy" : "Unhealthy";
                var code = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                return context.User.IsInRole(Roles.Admin)
                    ? TypedResults.Json(new SystemHealth(status, "Healthy", services), statusCode: code)
                    : TypedResults.Json(new PublicHealth(status), statusCode: code);
            })
            .Produces<PublicHealth>()
            .Produces<SystemHealth>()
            .WithName("GetSystemHealth")
            .WithSummary("Health of the gateway and every service (the status alone; with an admin's token, every service's checks and timings)")
            .WithTags("Operations");
        return app;
    }

    private static async Task<ServiceHealthEntry> ProbeAsync(HttpClient client, string service, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await client.GetAsync($"http://{service}/health", timeout.Token);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            var status = report.TryGetProperty("status", out var s) ? s.GetString() ?? "Unknown" : "Unknown";
            var checks = report.TryGetProperty("checks", out var c) ? c.Clone() : (JsonElement?)null;
            return new ServiceHealthEntry(status, (int)response.StatusCode, watch.Elapsed.TotalMilliseconds, checks, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            return new ServiceHealthEntry("Unreachable", null, watch.Elapsed.TotalMilliseconds, null, ex.Message);
        }
    }
}
