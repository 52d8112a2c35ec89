using System.Reflection;
using System.Text.Json;

namespace AeThexLive.StripeSandbox.Endpoints;

/// <summary>
/// A Stripe.js stand-in at js.stripe.com's path, <c>/v3/</c>, for browser tests that cannot reach Stripe: a test answers
/// https://js.stripe.com/v3/ with this script, and the page's card form confirms its payment intents here with the
/// publishable key, as Stripe.js would at Stripe (StripeJs/stripe.js says which subset it implements).
/// </summary>
internal static class StripeJsApi
{
    private const string ResourceName = "AeThexLive.StripeSandbox.StripeJs.stripe.js";
    private const string ApiBasePlaceholder = "__SANDBOX_API_BASE__";

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The sandbox was built without its {ResourceName} resource.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapStripeJs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v3", Serve).WithName("StripeJs").WithTags("Stripe.js")
            .WithSummary("A Stripe.js-compatible script (Stripe, elements().create('card'), confirmCardPayment) paying at this sandbox.");
        return app;
    }

    // The script calls back the address it was fetched from, which is where the page's tests found the sandbox.
    private static IResult Serve(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-cache";
        var apiBase = JsonSerializer.Serialize($"{http.Request.Scheme}://{http.Request.Host}");
        return TypedResults.Text(Script.Value.Replace(ApiBasePlaceholder, apiBase, StringComparison.Ordinal),
            "text/javascript; charset=utf-8");
    }
}
