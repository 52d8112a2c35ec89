using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Provider;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Endpoints;

public sealed record GiftOffer(string GiftType, int PriceCents);

/// <summary>A subscription tier and what a month of it costs (Stripe's price for the tier).</summary>
public sealed record TierOffer(string Tier, long PriceCents, string Currency);

/// <summary>
/// What a client needs to take a payment: <see cref="Mode"/> "stripe" (use Stripe.js with the publishable key) or
/// "sandbox" (confirm at <see cref="SandboxUrl"/> the way Stripe.js would), and what may be bought.
/// </summary>
public sealed record PaymentsConfigView(
    string Mode, string PublishableKey, string? SandboxUrl, IReadOnlyList<string> Currencies, int MinimumCents, int MaximumCents,
    string GiftCurrency, IReadOnlyList<GiftOffer> Gifts, IReadOnlyList<TierOffer> Tiers);

public static class PaymentsConfigApi
{
    public static IEndpointRouteBuilder MapPaymentsConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payments/config", GetAsync).WithTags("Payments").WithName("GetPaymentsConfig")
            .WithSummary("Stripe mode and publishable key (or the sandbox's address), currencies, limits, the gift catalogue and "
                + "the subscription tiers' monthly prices");
        return app;
    }

    internal static async Task<Results<Ok<PaymentsConfigView>, ProblemHttpResult>> GetAsync(
        IOptions<StripeSettings> stripe, IOptions<PaymentsOptions> options, StripeBilling billing, HttpContext http,
        CancellationToken cancellationToken)
    {
        var settings = stripe.Value;
        var payments = options.Value;
        var tiers = new List<TierOffer>();
        try
        {
            // Asked of Stripe once per tier while the service runs (StripeBilling keeps them), so this stays cheap.
            foreach (var tier in SubscriptionTiers.All)
            {
                var price = await billing.TierPriceAsync(tier, cancellationToken);
                tiers.Add(new TierOffer(tier, price.UnitAmount ?? 0, price.Currency));
            }
        }
        catch (Exception ex) when (ex is Stripe.StripeException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            http.Response.Headers.RetryAfter = "1";
            return ApiProblems.Of(StatusCodes.Status503ServiceUnavailable, "payment-provider-unavailable",
                "The payment provider did not answer with the subscription prices.", "Try again shortly.");
        }
        return TypedResults.Ok(new PaymentsConfigView(settings.Mode, settings.PublishableKey,
            settings.IsSandbox ? settings.EffectiveApiBase : null, payments.Donations.Currencies, payments.Donations.MinimumCents,
            payments.Donations.MaximumCents, payments.Gifts.Currency,
            [.. payments.Gifts.Catalogue.OrderBy(g => g.Value).Select(g => new GiftOffer(g.Key, g.Value))],
            [.. tiers.OrderBy(t => t.PriceCents)]));
    }
}
