using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Provider;

/// <summary>
/// The "Stripe" configuration section. With no <see cref="ApiBase"/> (or Stripe's own), Payments talks to Stripe; with
/// another address it talks to the sandbox there (the AppHost starts one when no key is configured).
/// </summary>
public sealed class StripeSettings
{
    public const string Section = "Stripe";
    public const string StripeApiBase = "https://api.stripe.com";

    public string SecretKey { get; set; } = "";
    public string PublishableKey { get; set; } = "";
    /// <summary>The webhook endpoint's signing secret (whsec_…).</summary>
    public string WebhookSecret { get; set; } = "";
    /// <summary>Where the API is; empty means Stripe.</summary>
    public string? ApiBase { get; set; }
    /// <summary>The most one call to Stripe may take, retries included; past it the caller gets 504 and may retry.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Stripe.net's own retries of a failed call (with the same idempotency key, so they are safe).</summary>
    public int MaxNetworkRetries { get; set; } = 2;
    /// <summary>How old a webhook's signature timestamp may be.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    public bool IsSandbox => !string.IsNullOrWhiteSpace(ApiBase) && !IsStripe(ApiBase);

    public string Mode => IsSandbox ? "sandbox" : "stripe";

    public string EffectiveApiBase => string.IsNullOrWhiteSpace(ApiBase) ? StripeApiBase : ApiBase.TrimEnd('/');

    /// <summary>Why these settings cannot be used, or null. A live key must never reach anything but Stripe.</summary>
    public string? Problem()
    {
        if (!SecretKey.StartsWith("sk_test_", StringComparison.Ordinal) && !SecretKey.StartsWith("sk_live_", StringComparison.Ordinal)
            && !SecretKey.StartsWith("rk_", StringComparison.Ordinal))
        {
            return "Stripe:SecretKey must be a Stripe secret key (sk_test_…, sk_live_… or rk_…).";
        }
        if (!string.IsNullOrWhiteSpace(ApiBase)
            && (!Uri.TryCreate(ApiBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return "Stripe:ApiBase must be an absolute http(s) URL.";
        }
        if (SecretKey.StartsWith("sk_live_", StringComparison.Ordinal) && IsSandbox)
        {
            return $"A live Stripe key (sk_live_…) is refused with a non-Stripe Stripe:ApiBase ({ApiBase}): it would hand the key to that server.";
        }
        if (!PublishableKey.StartsWith("pk_", StringComparison.Ordinal)) return "Stripe:PublishableKey must be a publishable key (pk_…).";
        if (!WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return "Stripe:WebhookSecret must be a webhook signing secret (whsec_…).";
        }
        if (RequestTimeout <= TimeSpan.Zero || MaxNetworkRetries < 0 || WebhookToleranceSeconds <= 0)
        {
            return "Stripe:RequestTimeout and Stripe:WebhookToleranceSeconds must be positive, Stripe:MaxNetworkRetries not negative.";
        }
        return null;
    }

    private static bool IsStripe(string apiBase) =>
        Uri.TryCreate(apiBase, UriKind.Absolute, out var uri) && uri.Scheme == "https" && uri.Host == "api.stripe.com";
}

/// <summary>Refuses to start with unusable Stripe settings, saying which (a live key aimed elsewhere than Stripe above all).</summary>
internal sealed class StripeSettingsValidation : IValidateOptions<StripeSettings>
{
    public ValidateOptionsResult Validate(string? name, StripeSettings options) =>
        options.Problem() is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
