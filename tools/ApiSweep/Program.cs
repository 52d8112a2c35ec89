using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.ApiSweep;

// dotnet run --project tools/ApiSweep -- http://localhost:8080 [access-token]
// Sweeps the running platform's public API (its /docs/openapi.json) with bad input and prints
// every answer that was not a 2xx/3xx or a problem+json 4xx. Exits 1 if there was any.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: ApiSweep <gateway-url> [access-token]");
    return 2;
}
using var gateway = new HttpClient { BaseAddress = new Uri(args[0]), Timeout = TimeSpan.FromSeconds(30) };
var document = await gateway.GetFromJsonAsync<JsonElement>("/docs/openapi.json");
var report = await new Sweep(gateway, args.Length > 1 ? args[1] : null, new Dictionary<string, string>()).RunAsync(document);
Console.WriteLine($"{report.Operations} operations, {report.Requests} requests in {report.Took.TotalSeconds:0.0} s; statuses: "
    + string.Join(", ", report.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
foreach (var finding in report.Findings) Console.WriteLine($"{finding.Status} {finding.Operation} [{finding.Probe}] {finding.Body}");
Console.WriteLine(report.Findings.Count == 0 ? "no 5xx, every 4xx problem+json" : $"{report.Findings.Count} findings");
return report.Findings.Count == 0 ? 0 : 1;
