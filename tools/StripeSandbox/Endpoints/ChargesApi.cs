using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class ChargesApi
{
    public static RouteGroupBuilder MapChargesApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/charges", List).WithName("ListCharges").WithSummary("Lists charges.").WithTags("Charges");
        v1.MapGet("/charges/{id}", Retrieve).WithName("RetrieveCharge").WithSummary("Retrieves a charge.").WithTags("Charges");
        v1.MapPost("/charges/{id}", Update).WithName("UpdateCharge").WithSummary("Updates a charge's metadata.").WithTags("Charges");
        v1.MapGet("/charges/{id}/refunds", ListRefunds).WithName("ListChargeRefunds").WithSummary("Lists a charge's refunds.")
            .WithTags("Charges");
        return v1;
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var intent = call.P.String("payment_intent");
        var customer = call.P.String("customer");
        var charges = store.Charges.All.Where(c =>
            (intent is null || c.PaymentIntentId == intent) && (customer is null || c.CustomerId == customer));
        return Render.List(Render.CreatedWithin(charges, call.P, c => c.Created), call, store, "/v1/charges");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) => Render.Object(store.Charges.Get(id), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store)
    {
        var charge = store.Charges.Get(id);
        var before = charge.ToJson(store);
        Metadata.Apply(charge.Metadata, call.P);
        store.Emit("charge.updated", charge, before);
        return Render.Object(charge, call, store);
    }

    private static StripeResult ListRefunds(string id, ApiCall call, SandboxStore store)
    {
        var charge = store.Charges.Get(id);
        return Render.List(store.Refunds.All.Where(r => r.ChargeId == charge.Id), call, store, $"/v1/charges/{charge.Id}/refunds");
    }
}
