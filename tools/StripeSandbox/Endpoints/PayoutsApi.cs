using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class PayoutsApi
{
    public static RouteGroupBuilder MapPayoutsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/payouts", Create).WithName("CreatePayout")
            .WithSummary("Pays out from the platform's balance, or a connected account's with Stripe-Account.").WithTags("Payouts");
        v1.MapGet("/payouts", List).WithName("ListPayouts").WithSummary("Lists payouts.").WithTags("Payouts");
        v1.MapGet("/payouts/{id}", Retrieve).WithName("RetrievePayout").WithSummary("Retrieves a payout.").WithTags("Payouts");
        v1.MapPost("/payouts/{id}", Update).WithName("UpdatePayout").WithSummary("Updates a payout's metadata.").WithTags("Payouts");
        v1.MapPost("/payouts/{id}/cancel", Cancel).WithName("CancelPayout").WithSummary("Cancels a pending payout.").WithTags("Payouts");
        return v1;
    }

    private static StripeResult Create(ApiCall call, SandboxStore store, ConnectEngine connect)
    {
        var p = call.P;
        var method = p.String("method") ?? "standard";
        if (method is not ("standard" or "instant"))
        {
            throw StripeApiException.Invalid("Invalid method: must be one of standard or instant", "method");
        }
        var payout = connect.CreatePayout(call.StripeAccount, p.RequiredLong("amount"), p.Required("currency").ToLowerInvariant(), method,
            p.String("description"), p.String("statement_descriptor"), Metadata.From(p));
        return Render.Object(payout, call, store);
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var status = call.P.String("status");
        var payouts = store.Payouts.All.Where(o => o.Owner == call.StripeAccount && (status is null || o.Status == status));
        return Render.List(Render.CreatedWithin(payouts, call.P, o => o.Created), call, store, "/v1/payouts");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.Payouts.Get(id, account: call.StripeAccount), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store)
    {
        var payout = store.Payouts.Get(id, account: call.StripeAccount);
        var before = payout.ToJson(store);
        Metadata.Apply(payout.Metadata, call.P);
        store.Emit("payout.updated", payout, before);
        return Render.Object(payout, call, store);
    }

    private static StripeResult Cancel(string id, ApiCall call, SandboxStore store, ConnectEngine connect)
    {
        var payout = store.Payouts.Get(id, account: call.StripeAccount);
        connect.CancelPayout(payout);
        return Render.Object(payout, call, store);
    }
}
