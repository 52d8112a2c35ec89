using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class StripeApi
{
    /// <summary>The <c>/v1</c> API, every route behind the <see cref="ApiGate"/>; unknown routes get Stripe's 404.</summary>
    public static IEndpointRouteBuilder MapStripeApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").AddEndpointFilter<ApiGate>().WithTags("Stripe API");
        v1.MapCustomersApi()
            .MapPaymentMethodsApi()
            .MapPricesApi()
            .MapPaymentIntentsApi()
            .MapChargesApi()
            .MapRefundsApi()
            .MapDisputesApi()
            .MapSubscriptionsApi()
            .MapInvoicesApi()
            .MapAccountsApi()
            .MapTransfersApi()
            .MapPayoutsApi()
            .MapBalanceApi()
            .MapEventsApi();
        app.MapFallback("/v1/{**path}", (HttpContext http) => StripeResult.Error(new StripeApiException(404, "invalid_request_error",
            $"Unrecognized request URL ({http.Request.Method}: {http.Request.Path}). Please see https://stripe.com/docs or we can "
            + "help at https://support.stripe.com/.")));
        return app;
    }
}
