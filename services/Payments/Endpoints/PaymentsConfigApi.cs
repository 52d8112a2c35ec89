using AeThexLive.Payments.Provider;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Endpoints;

public sealed record GiftOffer(string GiftType, int PriceCents);

/// <summary>
/// What a client needs to take a payment: <see cref="Mode"/> "stripe" (use Stripe.js with the publishable key) or
/// "sandbox" (confirm at <see cref="SandboxUrl"/> the way Stripe.js would), and what may be bought.
/// </summary>
public sealed record PaymentsConfigView(
    string Mode, string PublishableKey, string? SandboxUrl, IReadOnlyList<string> Currencies, int MinimumCents, int MaximumCents,
    string GiftCurrency, IReadOnlyList<GiftOffer> Gifts);

public static class PaymentsConfigApi
{
    public static IEndpointRouteBuilder MapPaymentsConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payments/config", Get).WithTags("Payments").WithName("GetPaymentsConfig")
            .WithSummary("Stripe mode and publishable key (or the sandbox's address), currencies, limits and the gift catalogue");
        return app;
    }

    internal static Ok<PaymentsConfigView> Get(IOptions<StripeSettings> stripe, IOptions<PaymentsOptions> options)
    {
        var settings = stripe.Value;
        var payments = options.Value;
        return TypedResults.Ok(new PaymentsConfigView(settings.Mode, settings.PublishableKey, settings.IsSandbox ? settings.EffectiveApiBase : null,
            payments.Donations.Currencies, payments.Donations.MinimumCents, payments.Donations.MaximumCents, payments.Gifts.Currency,
            [.. payments.Gifts.Catalogue.OrderBy(g => g.Value).Select(g => new GiftOffer(g.Key, g.Value))]));
    }
}
