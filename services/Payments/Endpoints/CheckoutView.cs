using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AeThexLive.Payments.Endpoints;

/// <summary>
/// A started payment: confirm <see cref="PaymentIntentId"/> with <see cref="ClientSecret"/> (Stripe.js, or the sandbox's
/// confirm), and the webhook moves <see cref="Status"/> to completed or failed.
/// </summary>
public sealed record CheckoutView(Guid Id, string Status, long AmountCents, string Currency, string? ClientSecret, string? PaymentIntentId);

/// <summary>How a checkout's outcome is answered, the same for donations and gifts.</summary>
internal static class CheckoutAnswers
{
    public static Results<Created<CheckoutView>, ValidationProblem, ProblemHttpResult> Answer<T>(
        CheckoutResult<T> result, string location, HttpContext http) where T : class, IPaidPurchase
    {
        var purchase = result.Purchase!;
        switch (result.Outcome)
        {
            case CheckoutOutcome.Created or CheckoutOutcome.Replayed:
                if (result.Outcome == CheckoutOutcome.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Created(location, new CheckoutView(purchase.Id, purchase.Status, purchase.AmountCents,
                    purchase.Currency, purchase.Status == PurchaseStatuses.Completed ? null : purchase.ClientSecret, purchase.PaymentIntentId));
            case CheckoutOutcome.KeyReused:
                return ApiProblems.Of(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
                    $"This {IdempotencyKeys.Header} was used for a different request.",
                    "Send a new key for a new payment; repeat a request only with exactly the same parameters.");
            case CheckoutOutcome.ProviderTimeout or CheckoutOutcome.ProviderUnavailable:
                http.Response.Headers.RetryAfter = "1";
                return ApiProblems.Of(
                    result.Outcome == CheckoutOutcome.ProviderTimeout
                        ? StatusCodes.Status504GatewayTimeout
                        : StatusCodes.Status503ServiceUnavailable,
                    "payment-provider-unavailable", "The payment provider did not answer; nothing was charged.",
                    $"Retry with the same {IdempotencyKeys.Header}: the payment is made once however often it is retried.",
                    new() { [$"{purchase.Kind}Id"] = purchase.Id, ["status"] = purchase.Status });
            default:
                return ApiProblems.Of(StatusCodes.Status502BadGateway, "payment-refused", "The payment provider refused this payment.",
                    result.Detail, new() { [$"{purchase.Kind}Id"] = purchase.Id, ["status"] = purchase.Status });
        }
    }
}
