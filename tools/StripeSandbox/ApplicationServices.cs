using AeThexLive.StripeSandbox.Endpoints;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Webhooks;
using AeThexLive.StripeSandbox.Wire;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox;

internal static class ApplicationServices
{
    public static WebApplicationBuilder AddStripeSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.Section))
            .PostConfigure(options =>
            {
                // Like `stripe listen`, a secret made up per run when none is configured (read it at /_sandbox/config).
                if (string.IsNullOrWhiteSpace(options.WebhookSecret)) options.WebhookSecret = "whsec_" + StripeIds.Random(32);
                if (options.WebhookRetryDelaysMs.Length == 0) options.WebhookRetryDelaysMs = SandboxOptions.DefaultWebhookRetryDelaysMs;
                if (options.RenewalRetryDays.Length == 0) options.RenewalRetryDays = SandboxOptions.DefaultRenewalRetryDays;
            })
            .Validate(o => o.WebhookSecret!.StartsWith("whsec_", StringComparison.Ordinal), "Sandbox:WebhookSecret must start with whsec_.")
            .Validate(o => string.IsNullOrEmpty(o.SecretKey) || o.SecretKey.StartsWith("sk_test_", StringComparison.Ordinal),
                "Sandbox:SecretKey must be a test key (sk_test_…).")
            .Validate(o => string.IsNullOrEmpty(o.PublishableKey) || o.PublishableKey.StartsWith("pk_test_", StringComparison.Ordinal),
                "Sandbox:PublishableKey must be a test key (pk_test_…).")
            .Validate(o => o.WebhookRetryDelaysMs.All(d => d >= 0) && o.RenewalRetryDays.All(d => d > 0),
                "Sandbox:WebhookRetryDelaysMs must not be negative and Sandbox:RenewalRetryDays must be positive.")
            .Validate(o => o.WebhookConcurrency >= 1 && o.WebhookTimeoutSeconds >= 1,
                "Sandbox:WebhookConcurrency and Sandbox:WebhookTimeoutSeconds must be at least 1.")
            .Validate(o => string.IsNullOrEmpty(o.WebhookUrl) || Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out _),
                "Sandbox:WebhookUrl must be an absolute URL.")
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SandboxStore>();
        builder.Services.AddSingleton<PaymentEngine>();
        builder.Services.AddSingleton<BillingEngine>();
        builder.Services.AddSingleton<ConnectEngine>();
        builder.Services.AddSingleton<ClockRunner>();
        builder.Services.AddSingleton<IdempotencyLedger>();
        builder.Services.AddSingleton<FaultPlan>();
        builder.Services.AddSingleton<SandboxStats>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
        builder.Services.AddHttpClient(WebhookDeliveryWorker.HttpClientName, (services, http) =>
        {
            // The worker cancels each attempt itself; the client's own limit only backs it up.
            http.Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<SandboxOptions>>().Value.WebhookTimeoutSeconds + 5);
        });
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Request-Id", "Idempotent-Replayed", "Stripe-Version")));
        builder.Services.AddHealthChecks();
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// Builds the engines before the first request (billing must be listening to payments, and
    /// the dispatcher to the store, before anything happens) and creates the tier prices.
    /// </summary>
    public static WebApplication SeedSandbox(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<SandboxStore>();
        app.Services.GetRequiredService<BillingEngine>();
        app.Services.GetRequiredService<WebhookDispatcher>();
        store.Gate.Wait();
        try
        {
            PricesApi.SeedTiers(store);
        }
        finally
        {
            store.Gate.Release();
        }
        return app;
    }
}
