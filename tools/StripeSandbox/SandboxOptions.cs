namespace AeThexLive.StripeSandbox;

/// <summary>The <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>The only secret key accepted; when empty, any <c>sk_test_…</c> key is.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The only publishable key accepted; when empty, any <c>pk_test_…</c> key is.</summary>
    public string? PublishableKey { get; set; }

    /// <summary>Where events are POSTed; empty means events are only listed by <c>GET /v1/events</c>.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The endpoint's signing secret (<c>whsec_…</c>); when empty, one is made up at start-up.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The API version events are stamped with: Stripe.net 53.1.0's own.</summary>
    public string ApiVersion { get; set; } = "2026-10-28.endive";

    public static readonly int[] DefaultWebhookRetryDelaysMs = [500, 1000, 2000, 4000, 8000];
    public static readonly int[] DefaultRenewalRetryDays = [3, 5, 7];

    /// <summary>
    /// Waits before each retry of a failed delivery; after the last, the delivery is given up.
    /// Empty means <see cref="DefaultWebhookRetryDelaysMs"/> (defaults are filled in after binding,
    /// because binding a list onto a non-empty one appends to it).
    /// </summary>
    public int[] WebhookRetryDelaysMs { get; set; } = [];

    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries in flight at once (Stripe does not deliver in order either).</summary>
    public int WebhookConcurrency { get; set; } = 8;

    public long DisputeFeeCents { get; set; } = 1500;

    /// <summary>Days between a payout's creation and its arrival (when the clock passes it, it is paid).</summary>
    public int PayoutArrivalDays { get; set; } = 2;

    /// <summary>Days after the first failed renewal at which the invoice is tried again; after the last, the subscription ends.</summary>
    /// <remarks>Empty means <see cref="DefaultRenewalRetryDays"/>.</remarks>
    public int[] RenewalRetryDays { get; set; } = [];
}
