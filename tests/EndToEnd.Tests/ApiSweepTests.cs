using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.ApiSweep;
using Xunit.Abstractions;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Every public route, fed bad input as the sweep tool feeds it, answers a clear 4xx and never a 5xx.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiSweepTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Bad_input_to_every_public_route_gets_a_problem_json_4xx_and_never_a_5xx()
    {
        using var gateway = platform.CreateGatewayClient();
        var user = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, user);
        var document = await gateway.GetFromJsonAsync<JsonElement>("/docs/openapi.json");

        var pathValues = new Dictionary<string, string> { ["slug"] = slug, ["username"] = user.Username };
        var report = await new Sweep(gateway, user.Tokens.AccessToken, pathValues).RunAsync(document);

        output.WriteLine($"{report.Operations} operations, {report.Requests} requests in {report.Took.TotalSeconds:0.0} s; statuses: "
            + string.Join(", ", report.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(report.Operations >= 40, $"only {report.Operations} operations were swept");
        Assert.True(report.Findings.Count == 0,
            string.Join("\n", report.Findings.Take(40).Select(f => $"{f.Status} {f.Operation} [{f.Probe}] {f.Body}")));
    }
}
