using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace AeThexLive.StripeSandbox.Wire;

public enum KeyKind
{
    Secret,
    Publishable,
}

/// <summary>
/// One request to the <c>/v1</c> API as the handlers see it: its parameters (form body for POST,
/// query string otherwise), its key, its connected account and its idempotency key.
/// </summary>
internal sealed class ApiCall
{
    private const int MaxBodyBytes = 1 << 20;

    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string RequestId { get; init; }
    public required FormParams Form { get; init; }
    public required string BaseUrl { get; init; }
    public string? ApiKey { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? StripeAccount { get; init; }
    public KeyKind Key { get; set; }

    public Params P => Form.Root;

    public IReadOnlyList<string> Expand => P.Strings("expand");

    public static async ValueTask<ApiCall?> BindAsync(HttpContext context)
    {
        var request = context.Request;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, values) in request.Query)
        {
            pairs.AddRange(values.Select(v => new KeyValuePair<string, string>(key, v ?? "")));
        }
        if (HttpMethods.IsPost(request.Method))
        {
            var body = await ReadBodyAsync(request);
            pairs.AddRange(FormParams.Parse(body).Pairs);
        }
        var form = FormParams.FromPairs(pairs);
        return new ApiCall
        {
            Method = request.Method.ToUpperInvariant(),
            Path = request.Path.Value ?? "/",
            RequestId = StripeIds.New("req"),
            Form = form,
            BaseUrl = $"{request.Scheme}://{request.Host}",
            ApiKey = ReadKey(request) ?? form.Root.String("key"),
            IdempotencyKey = NullIfEmpty(request.Headers["Idempotency-Key"]),
            StripeAccount = NullIfEmpty(request.Headers["Stripe-Account"]),
        };
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }

    /// <summary>Bearer, or Basic with the key as the user name (how <c>curl -u sk_test_…:</c> sends it).</summary>
    private static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return NullIfEmpty(header[7..].Trim());
        }
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                return NullIfEmpty(decoded.Split(':', 2)[0]);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    private static string? NullIfEmpty(StringValues value) => StringValues.IsNullOrEmpty(value) ? null : value.ToString();
}
