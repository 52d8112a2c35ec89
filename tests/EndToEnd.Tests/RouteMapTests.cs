using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AeThexLive.Gateway;
using AeThexLive.ServiceDefaults;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>The gateway's route table against what the services really answer, and the merged documentation at /docs.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RouteMapTests(PlatformFixture platform)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public async Task Every_table_route_is_an_endpoint_of_its_service_and_every_public_endpoint_is_in_the_table()
    {
        var problems = new List<string>();
        foreach (var service in PlatformServices.All)
        {
            var endpoints = Operations(await ServiceDocumentAsync(service)).ToHashSet();
            var routed = RouteTable.Routes.Where(r => r.Cluster == service.Name && r.Methods is not null)
                .SelectMany(r => r.Methods!.Select(m => $"{m} {RouteKey.Of(r.Path)}")).ToHashSet();
            problems.AddRange(routed.Except(endpoints).Select(route => $"{service}: the table sends {route} to no endpoint"));
            problems.AddRange(endpoints.Except(routed).Select(endpoint => $"{service}: {endpoint} is not reachable through the gateway"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_table_route_reaches_a_handler_through_the_gateway()
    {
        using var gateway = platform.CreateGatewayClient();
        var unanswered = new List<string>();
        foreach (var route in RouteTable.Routes.Where(r => r.Methods is not null && PlatformServices.All.Any(s => s.Name == r.Cluster)))
        {
            foreach (var method in route.Methods!)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route.Path));
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await gateway.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.MethodNotAllowed || body.Contains("/problems/no-such-route", StringComparison.Ordinal))
                {
                    unanswered.Add($"{method} {route.Path}: {(int)response.StatusCode} {body}");
                }
            }
        }
        Assert.True(unanswered.Count == 0, string.Join("\n", unanswered));
    }

    [Fact]
    public async Task A_path_no_service_answers_is_a_problem_json_404_and_a_wrong_method_a_405()
    {
        using var gateway = platform.CreateGatewayClient();
        using var missing = await gateway.GetAsync("/api/no-such-thing");
        var notFound = await Accounts.ProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.EndsWith("/no-such-route", notFound.GetProperty("type").GetString());

        using var wrongMethod = await gateway.DeleteAsync("/api/channels");
        var notAllowed = await Accounts.ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        Assert.EndsWith("/method-not-allowed", notAllowed.GetProperty("type").GetString());
        Assert.Equal(["GET", "POST"], wrongMethod.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task Docs_list_every_public_route_with_who_may_call_it_and_nothing_internal()
    {
        using var gateway = platform.CreateGatewayClient();
        var document = await gateway.GetFromJsonAsync<JsonElement>(ApiDocs.DocumentPath);

        var documented = Operations(document).ToHashSet();
        var routed = RouteTable.Routes.Where(r => r.Methods is not null && PlatformServices.All.Any(s => s.Name == r.Cluster))
            .SelectMany(r => r.Methods!.Select(m => $"{m} {RouteKey.Of(r.Path)}")).Append("GET /health").ToHashSet();
        Assert.Equal(routed.Order(), documented.Order());
        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/internal", StringComparison.Ordinal));

        var paths = document.GetProperty("paths");
        var register = paths.GetProperty("/api/auth/register").GetProperty("post");
        Assert.False(register.TryGetProperty("security", out _));
        Assert.True(register.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(register.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(register.GetProperty("responses").TryGetProperty("400", out _));

        var createChannel = paths.GetProperty("/api/channels").GetProperty("post");
        Assert.Equal("bearer", createChannel.GetProperty("security")[0].EnumerateObject().Single().Name);
        Assert.True(createChannel.GetProperty("responses").TryGetProperty("401", out _));

        var verify = paths.GetProperty("/api/users/{username}/verified").GetProperty("put");
        Assert.Contains("admin", verify.GetProperty("description").GetString());
        Assert.True(verify.GetProperty("responses").TryGetProperty("403", out _));
        Assert.Equal("application/problem+json",
            verify.GetProperty("responses").GetProperty("default").GetProperty("content").EnumerateObject().Single().Name);

        // The hub's events are part of the contract, with their payloads.
        var hub = document.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Chat hub");
        var description = hub.GetProperty("description").GetString()!;
        foreach (var name in new[] { "SendMessage", "JoinStream", "MessageReceived", "UserBanned", "PollUpdated", "Alert" }) Assert.Contains($"`{name}`", description);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("UserBannedNotice", out _));

        using var page = await gateway.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi.json", await page.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> ServiceDocumentAsync(PlatformService service)
    {
        using var client = platform.CreateServiceClient(service.Name);
        return await client.GetFromJsonAsync<JsonElement>(OpenApiDescription.DocumentPath);
    }

    private static IEnumerable<string> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(operation => Methods.Contains(operation.Name))
            .Select(operation => $"{operation.Name.ToUpperInvariant()} {RouteKey.Of(path.Name)}"));

    /// <summary>A path a client could send: each parameter filled with a value nothing has.</summary>
    /// <summary>A path for a template: ids are fresh GUIDs, slugs and names ones nobody has.</summary>
    private static string Concrete(string template) => System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", parameter =>
        parameter.Groups[1].Value switch
        {
            var name when name.EndsWith("id", StringComparison.OrdinalIgnoreCase) => Guid.NewGuid().ToString(),
            var name when name.Contains("slug", StringComparison.OrdinalIgnoreCase) => "no-such-channel-here",
            "username" => "no_such_user_here",
            _ => "no-such-thing",
        });
}
