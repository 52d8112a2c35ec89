using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class BalanceApi
{
    public static RouteGroupBuilder MapBalanceApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/balance", Retrieve).WithName("RetrieveBalance")
            .WithSummary("The platform's balance, or a connected account's with Stripe-Account.").WithTags("Balance");
        v1.MapGet("/balance_transactions", List).WithName("ListBalanceTransactions")
            .WithSummary("Lists balance transactions (by type, source, currency, created).").WithTags("Balance");
        v1.MapGet("/balance_transactions/{id}", RetrieveTransaction).WithName("RetrieveBalanceTransaction")
            .WithSummary("Retrieves a balance transaction: amount, fee (2.9 % + 30¢ on charges), net.").WithTags("Balance");
        return v1;
    }

    private static StripeResult Retrieve(ApiCall call, PaymentEngine payments) => StripeResult.Ok(payments.BalanceJson(call.StripeAccount));

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var p = call.P;
        var type = p.String("type");
        var source = p.String("source");
        var currency = p.String("currency");
        var transactions = store.BalanceTransactions.All.Where(t => t.Owner == call.StripeAccount
            && (type is null || t.Type == type) && (source is null || t.SourceId == source)
            && (currency is null || t.Currency == currency));
        return Render.List(Render.CreatedWithin(transactions, p, t => t.Created), call, store, "/v1/balance_transactions");
    }

    private static StripeResult RetrieveTransaction(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.BalanceTransactions.Get(id, account: call.StripeAccount), call, store);
}
