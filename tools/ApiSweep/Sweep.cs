using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AeThexLive.ApiSweep;

/// <summary>One request the sweep sent that was not answered as a client error should be: a 5xx, or a 4xx that is not problem+json.</summary>
public sealed record Finding(string Operation, string Probe, int Status, string Body);

public sealed record SweepReport(int Operations, int Requests, IReadOnlyList<Finding> Findings, TimeSpan Took, IReadOnlyDictionary<int, int> Statuses);

/// <summary>
/// Walks every operation of the public API document (the gateway's /docs/openapi.json) and sends
/// it what a careless client or an attacker would: control characters in every path segment,
/// query value and body field, a key given twice, no or the wrong content type, huge strings,
/// numbers and arrays, malformed ids, values of the wrong type — anonymously and signed in.
/// Every answer must be a 2xx/3xx, or a 4xx written as problem+json; anything else is a finding.
/// </summary>
public sealed class Sweep(HttpClient gateway, string? accessToken, IReadOnlyDictionary<string, string> pathValues)
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];
    private readonly Dictionary<int, int> _statuses = [];
    private readonly List<Finding> _findings = [];
    private int _requests;

    /// <summary>Operations the sweep leaves alone (they would end its own session midway).</summary>
    public static readonly IReadOnlySet<string> Skipped = new HashSet<string>(StringComparer.Ordinal) { "POST /api/auth/logout" };

    public async Task<SweepReport> RunAsync(JsonElement document, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (Skipped.Contains(name)) continue;
                operations++;
                foreach (var probe in Probes(document, path.Name, operation.Name, operation.Value))
                {
                    foreach (var token in accessToken is null ? [null] : new[] { null, accessToken })
                    {
                        await SendAsync(name, probe, token, cancellationToken);
                    }
                }
            }
        }
        return new SweepReport(operations, _requests, _findings, clock.Elapsed, _statuses);
    }

    private async Task SendAsync(string operation, Probe probe, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Target);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (probe.Body is not null)
        {
            request.Content = new StringContent(probe.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = probe.ContentType is null ? null : MediaTypeHeaderValue.Parse(probe.ContentType);
        }
        int status;
        string body;
        string? mediaType;
        try
        {
            using var response = await gateway.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            (status, mediaType, body) = (0, null, ex.Message);
        }
        _requests++;
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        var clientError = status is >= 400 and < 500;
        if (status is 0 or >= 500 || (clientError && mediaType != "application/problem+json"))
        {
            _findings.Add(new Finding(operation, $"{probe.Name}{(token is null ? "" : " (signed in)")}", status, body.Length > 300 ? body[..300] : body));
        }
    }

    private sealed record Probe(string Name, string Method, string Target, string? Body, string? ContentType = "application/json");

    private IEnumerable<Probe> Probes(JsonElement document, string template, string method, JsonElement operation)
    {
        var parameters = operation.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
        var pathParameters = parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList();
        var queryParameters = parameters.Where(p => p.GetProperty("in").GetString() == "query").ToList();
        var bodySchema = operation.TryGetProperty("requestBody", out var requestBody)
            && requestBody.GetProperty("content").TryGetProperty("application/json", out var json) ? json.GetProperty("schema") : (JsonElement?)null;
        var verb = method.ToUpperInvariant();

        string Target(IReadOnlyDictionary<string, string>? pathOverrides = null, string? query = null)
        {
            var target = template;
            foreach (var name in pathParameters)
            {
                var value = pathOverrides?.GetValueOrDefault(name) ?? pathValues.GetValueOrDefault(name) ?? Guid.NewGuid().ToString();
                target = target.Replace($"{{{name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }
            return query is null ? target : $"{target}?{query}";
        }

        var sample = bodySchema is { } schema ? Sample(document, schema, 0) : null;
        var sampleBody = sample?.ToJsonString();
        yield return new Probe("as documented", verb, Target(), sampleBody);

        foreach (var name in pathParameters)
        {
            // A NUL in the path is refused by Kestrel's parser with a bare 400 before any of our code
            // runs (HardeningTests covers it); the control-character probe is the one our code answers.
            foreach (var (label, bad) in new[] { ("control character in", "a\u0001b"), ("malformed", "not-a-real-id-%!"), ("traversal in", "../../etc/passwd"), ("huge", new string('x', 4000)) })
            {
                yield return new Probe($"{label} path {name}", verb, Target(new Dictionary<string, string> { [name] = bad }), sampleBody);
            }
        }
        foreach (var parameter in queryParameters)
        {
            var name = parameter.GetProperty("name").GetString()!;
            foreach (var (label, bad) in new[] { ("NUL in", "%00"), ("control character in", "a%07b"), ("huge", new string('9', 3000)), ("wrong type in", "yes%20please"), ("negative", "-1") })
            {
                yield return new Probe($"{label} query {name}", verb, Target(query: $"{name}={bad}"), sampleBody);
            }
        }
        if (sample is JsonObject fields)
        {
            yield return new Probe("no content type", verb, Target(), sampleBody, ContentType: null);
            yield return new Probe("form content type", verb, Target(), "a=b", "application/x-www-form-urlencoded");
            yield return new Probe("not json", verb, Target(), "{\"unterminated", "application/json");
            yield return new Probe("json array", verb, Target(), "[1,2,3]", "application/json");
            yield return new Probe("unknown field", verb, Target(), WithField(fields, "isAdmin", JsonValue.Create(true)), "application/json");
            foreach (var (field, _) in fields)
            {
                var first = fields.ToJsonString();
                yield return new Probe($"duplicate {field}", verb, Target(), first.Insert(1, $"\"{field}\":null,"), "application/json");
                foreach (var (label, bad) in new (string, JsonNode?)[]
                {
                    ("NUL in", JsonValue.Create("a\0b")), ("lone surrogate in", null), ("huge", JsonValue.Create(new string('x', 200_000))),
                    ("huge number in", JsonValue.Create(1e308)), ("long overflow in", JsonValue.Create(decimal.MaxValue)),
                    ("wrong type in", new JsonObject { ["nested"] = 1 }), ("huge array in", new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)i)])),
                    ("null", null),
                })
                {
                    var body = label == "lone surrogate in" ? WithRaw(fields, field, "\"a\\ud800b\"") : WithField(fields, field, bad);
                    yield return new Probe($"{label} body {field}", verb, Target(), body, "application/json");
                }
            }
        }
    }

    private static string WithField(JsonObject fields, string field, JsonNode? value)
    {
        var copy = (JsonObject)fields.DeepClone();
        copy[field] = value?.DeepClone();
        return copy.ToJsonString();
    }

    private static string WithRaw(JsonObject fields, string field, string rawValue)
    {
        var copy = (JsonObject)fields.DeepClone();
        copy[field] = "__RAW__";
        return copy.ToJsonString().Replace("\"__RAW__\"", rawValue, StringComparison.Ordinal);
    }

    /// <summary>A plausible value for a schema (first alternative of a union, references followed, a few levels deep).</summary>
    private static JsonNode? Sample(JsonElement document, JsonElement schema, int depth)
    {
        if (depth > 4) return null;
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Sample(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name), depth + 1);
        }
        var type = schema.TryGetProperty("type", out var types)
            ? types.ValueKind == JsonValueKind.Array ? types.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") : types.GetString()
            : schema.TryGetProperty("properties", out _) ? "object" : null;
        return type switch
        {
            "object" => new JsonObject(schema.TryGetProperty("properties", out var properties)
                ? properties.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Sample(document, p.Value, depth + 1)))
                : []),
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? Sample(document, items, depth + 1) : null),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1.5),
            "boolean" => JsonValue.Create(false),
            "string" when schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" => JsonValue.Create(Guid.NewGuid()),
            "string" when schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" => JsonValue.Create(DateTime.UtcNow),
            "string" => JsonValue.Create("sample"),
            _ => null,
        };
    }
}
