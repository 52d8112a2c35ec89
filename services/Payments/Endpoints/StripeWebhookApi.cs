using System.Text;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Webhooks;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stripe;

namespace AeThexLive.Payments.Endpoints;

public sealed record WebhookReceipt(string EventId, string Outcome);

/// <summary>
/// Stripe's (or the sandbox's) events. No token: the raw body must carry Stripe's signature over it with the endpoint's
/// secret, no older than the tolerance. A refused event is 400 and changes nothing; one that fails to apply is 5xx,
/// so Stripe delivers it again.
/// </summary>
public static class StripeWebhookApi
{
    public static IEndpointRouteBuilder MapStripeWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/payments/stripe/webhook", ReceiveAsync).WithTags("Payments").AllowAnonymous()
            .WithName("ReceiveStripeWebhook")
            .WithSummary("Stripe's events, signed (Stripe-Signature) with the endpoint's secret; duplicates and stale events change nothing");
        return app;
    }

    internal static async Task<Results<Ok<WebhookReceipt>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, StripeEventProcessor processor, IOptions<StripeSettings> options, CancellationToken cancellationToken)
    {
        var signature = request.Headers["Stripe-Signature"].ToString();
        if (signature.Length == 0)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "webhook-signature-missing", "The Stripe-Signature header is missing.");
        }
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }
        Event stripeEvent;
        try
        {
            var settings = options.Value;
            stripeEvent = EventUtility.ConstructEvent(body, signature, settings.WebhookSecret, settings.WebhookToleranceSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "webhook-signature-invalid",
                "The event's signature does not verify (wrong secret, altered body, or a timestamp outside the tolerance).");
        }
        var outcome = await processor.ApplyAsync(stripeEvent, cancellationToken);
        return TypedResults.Ok(new WebhookReceipt(stripeEvent.Id, outcome.ToString().ToLowerInvariant()));
    }
}
