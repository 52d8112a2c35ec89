using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AeThexLive.AppHost;

/// <summary>
/// Where Payments takes money: Stripe itself when the AppHost is given Stripe:SecretKey (with Stripe:PublishableKey and
/// Stripe:WebhookSecret), otherwise the Stripe sandbox (tools/StripeSandbox), started here on
/// Infrastructure:Ports:StripeSandbox with keys and a signing secret made on first start, delivering its events to
/// Payments' webhook through the gateway as Stripe would.
/// </summary>
internal sealed class StripeConnection(string secretKey, string publishableKey, string webhookSecret, string? apiBase,
    IResourceBuilder<ProjectResource>? sandbox)
{
    public const string WebhookPath = "/api/payments/stripe/webhook";

    public IResourceBuilder<ProjectResource>? Sandbox => sandbox;

    public void Configure(IResourceBuilder<ProjectResource> payments)
    {
        payments.WithEnvironment("Stripe__SecretKey", secretKey)
            .WithEnvironment("Stripe__PublishableKey", publishableKey)
            .WithEnvironment("Stripe__WebhookSecret", webhookSecret);
        if (sandbox is not null)
        {
            payments.WithEnvironment("Stripe__ApiBase", sandbox.GetEndpoint("http")).WaitFor(sandbox);
        }
        else if (!string.IsNullOrWhiteSpace(apiBase))
        {
            payments.WithEnvironment("Stripe__ApiBase", apiBase);
        }
    }

    /// <summary>
    /// The sandbox posts events where Stripe's webhook endpoint would: the gateway's public route to Payments; the gateway's
    /// pages may call the sandbox.
    /// </summary>
    public void DeliverWebhooksThrough(IResourceBuilder<ProjectResource> gateway)
    {
        sandbox?.WithEnvironment("Sandbox__WebhookUrl", ReferenceExpression.Create($"{gateway.GetEndpoint("http")}{WebhookPath}"));
        // The web app confirms card payments at the sandbox as Stripe.js does at Stripe: its pages may call that origin.
        if (sandbox is not null) gateway.WithEnvironment("Gateway__WebApp__ConnectSources__0", sandbox.GetEndpoint("http"));
    }
}

internal static class StripeResources
{
    public static StripeConnection AddStripe(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var stripe = builder.Configuration.GetSection("Stripe");
        if (!string.IsNullOrWhiteSpace(stripe["SecretKey"]))
        {
            return new StripeConnection(
                stripe["SecretKey"]!, stripe["PublishableKey"] ?? "", stripe["WebhookSecret"] ?? "", stripe["ApiBase"], null);
        }

        var secretKey = "sk_test_" + settings.Secret("stripe-sandbox-secret-key");
        var publishableKey = "pk_test_" + settings.Secret("stripe-sandbox-publishable-key");
        var webhookSecret = "whsec_" + settings.Secret("stripe-sandbox-webhook-secret");
        var port = settings.StripeSandboxPort;
        var sandbox = builder.AddProject<Projects.StripeSandbox>("stripe-sandbox", launchProfileName: null)
            .FromBuiltOutput()
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            .WithEnvironment("Sandbox__SecretKey", secretKey)
            .WithEnvironment("Sandbox__PublishableKey", publishableKey)
            .WithEnvironment("Sandbox__WebhookSecret", webhookSecret)
            .WithHttpHealthCheck("/health")
            .WithSettingsFrom(builder.Configuration);
        return new StripeConnection(secretKey, publishableKey, webhookSecret, null, sandbox);
    }
}
