using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AeThexLive.Gateway;

/// <summary>
/// The one OpenAPI document of the public API: every service's own document, cut to the routes
/// the gateway exposes (internal ones never appear) and merged, with the gateway's own routes.
/// Built on first request and kept for a minute; schema names two services use for different
/// shapes are prefixed with the service's name.
/// </summary>
public sealed partial class PublicApiDocument(IHttpClientFactory clients, IServiceProvider services, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SemaphoreSlim _building = new(1, 1);
    private (string Json, DateTimeOffset BuiltAt)? _cached;

    public async Task<string> GetJsonAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && clock.GetUtcNow() - fresh.BuiltAt < Lifetime) return fresh.Json;
        await _building.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } built && clock.GetUtcNow() - built.BuiltAt < Lifetime) return built.Json;
            var json = (await BuildAsync(cancellationToken)).ToJsonString(Output);
            _cached = (json, clock.GetUtcNow());
            return json;
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<JsonObject> BuildAsync(CancellationToken cancellationToken)
    {
        var client = clients.CreateClient("service-docs");
        var serviceDocuments = await Task.WhenAll(PlatformServices.All.Select(async service =>
        {
            using var response = await client.GetAsync($"http://{service.Name}{OpenApiDescription.DocumentPath}", cancellationToken);
            response.EnsureSuccessStatusCode();
            return (Cluster: service.Name, Document: JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject());
        }));

        var merged = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "AeThex LIVE public API",
                ["version"] = typeof(PublicApiDocument).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
                ["description"] = Introduction,
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject(), ["securitySchemes"] = new JsonObject() },
            ["tags"] = new JsonArray(),
        };
        foreach (var (cluster, document) in serviceDocuments) Merge(merged, cluster, document);
        Merge(merged, "gateway", await GatewayDocumentAsync(cancellationToken));
        merged["paths"] = InTableOrder(merged["paths"]!.AsObject());
        return merged;
    }

    /// <summary>The gateway's own public routes (/health), described like any service's.</summary>
    private async Task<JsonObject> GatewayDocumentAsync(CancellationToken cancellationToken)
    {
        var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(cancellationToken);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);
        return JsonNode.Parse(json)!.AsObject();
    }

    private static void Merge(JsonObject merged, string cluster, JsonObject document)
    {
        var schemas = merged["components"]!["schemas"]!.AsObject();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document["components"]?["schemas"] is JsonObject own)
        {
            foreach (var (name, schema) in own)
            {
                if (schemas[name] is { } existing && !JsonNode.DeepEquals(existing, schema)) renames[name] = Pascal(cluster) + name;
            }
        }
        if (renames.Count > 0) RewriteReferences(document, renames);

        if (document["components"]?["schemas"] is JsonObject renamed)
        {
            foreach (var (name, schema) in renamed) schemas[renames.GetValueOrDefault(name, name)] ??= schema!.DeepClone();
        }
        if (document["components"]?["securitySchemes"] is JsonObject schemes)
        {
            var target = merged["components"]!["securitySchemes"]!.AsObject();
            foreach (var (name, scheme) in schemes) target[name] ??= scheme!.DeepClone();
        }

        var paths = merged["paths"]!.AsObject();
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var route = PublicPath(cluster, method, path);
                if (route is null) continue;
                var target = paths[route] as JsonObject ?? (JsonObject)(paths[route] = new JsonObject());
                target[method] = operation!.DeepClone();
            }
        }

        var tags = merged["tags"]!.AsArray();
        foreach (var tag in document["tags"]?.AsArray() ?? [])
        {
            if (!tags.Any(t => t!["name"]!.GetValue<string>() == tag!["name"]!.GetValue<string>())) tags.Add(tag!.DeepClone());
        }
    }

    /// <summary>The path the gateway exposes an operation of <paramref name="cluster"/> at, or null if it does not.</summary>
    private static string? PublicPath(string cluster, string method, string path)
    {
        if (cluster == "gateway") return path == "/health" ? path : null;
        var key = RouteKey.Of(path);
        return RouteTable.Routes.FirstOrDefault(r => r.Cluster == cluster && r.Methods is { } methods
            && methods.Contains(method, StringComparer.OrdinalIgnoreCase) && RouteKey.Of(r.Path) == key)?.Path;
    }

    /// <summary>Paths in the order the route table lists them: the document reads as the API map does.</summary>
    private static JsonObject InTableOrder(JsonObject paths)
    {
        var order = RouteTable.Routes.Select((route, index) => (route.Path, index)).GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Min(r => r.index));
        var ordered = new JsonObject();
        foreach (var (path, item) in paths.OrderBy(p => order.GetValueOrDefault(p.Key, int.MaxValue)).ToList())
        {
            paths.Remove(path);
            ordered[path] = item;
        }
        return ordered;
    }

    private static void RewriteReferences(JsonNode node, IReadOnlyDictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name == "$ref" && value?.GetValue<string>() is { } reference && reference.StartsWith(SchemaPrefix, StringComparison.Ordinal)
                        && renames.TryGetValue(reference[SchemaPrefix.Length..], out var renamed))
                    {
                        obj[name] = SchemaPrefix + renamed;
                    }
                    else if (value is not null)
                    {
                        RewriteReferences(value, renames);
                    }
                }
                if (obj["components"]?["schemas"] is JsonObject schemas)
                {
                    foreach (var (from, to) in renames)
                    {
                        if (schemas[from] is { } schema)
                        {
                            schemas.Remove(from);
                            schemas[to] = schema;
                        }
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array) if (item is not null) RewriteReferences(item, renames);
                break;
        }
    }

    private const string SchemaPrefix = "#/components/schemas/";

    private static string Pascal(string name) => string.Concat(name.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private const string Introduction = """
        One origin for everything a client does: this gateway routes each path to the service that owns it.

        **Signing in.** `POST /api/auth/login` gives `{accessToken, refreshToken, expiresIn}`. Send `Authorization: Bearer <accessToken>`;
        when it expires, swap the refresh token at `POST /api/auth/refresh` (each refresh token works once). Operations marked with a lock
        need a token; some also name the role they need.

        **Errors** are RFC 9457 `application/problem+json`: `type` (a URI to branch on), `title`, `status`, `detail`, and for 400s
        `errors` with messages per field. Unknown fields, duplicate keys and control characters in text are refused with 400;
        a body in anything but JSON is 415. Too many requests answer 429 with `Retry-After`.

        **Lists** take `limit` and `cursor` and answer `{ "items": [...], "nextCursor": ... }`; no `nextCursor` means the end.
        IDs are UUIDs, times ISO-8601 UTC, money integer cents with an ISO currency.

        **Live chat** is a SignalR hub at `/hubs/chat` (see the *Chat hub* tag); playback is HLS at `/hls/{slug}/index.m3u8`.
        """;
}

/// <summary>A route template reduced to what matching depends on: lower-case literals and parameter names, no constraints or trailing slash.</summary>
public static partial class RouteKey
{
    public static string Of(string template)
    {
        var withoutConstraints = Constraint().Replace(template, "}");
        var trimmed = withoutConstraints.TrimEnd('/');
        return (trimmed.Length == 0 ? "/" : trimmed).ToLowerInvariant();
    }

    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex Constraint();
}
