using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class RefundsApi
{
    public static RouteGroupBuilder MapRefundsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/refunds", Create).WithName("CreateRefund")
            .WithSummary("Refunds a charge (or a payment intent's charge), in full or in part.").WithTags("Refunds");
        v1.MapGet("/refunds", List).WithName("ListRefunds").WithSummary("Lists refunds.").WithTags("Refunds");
        v1.MapGet("/refunds/{id}", Retrieve).WithName("RetrieveRefund").WithSummary("Retrieves a refund.").WithTags("Refunds");
        v1.MapPost("/refunds/{id}", Update).WithName("UpdateRefund").WithSummary("Updates a refund's metadata.").WithTags("Refunds");
        return v1;
    }

    private static StripeResult Create(ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var p = call.P;
        Charge charge;
        if (p.String("charge") is { } chargeId)
        {
            charge = store.Charges.Get(chargeId, "charge");
        }
        else if (p.String("payment_intent") is { } intentId)
        {
            var intent = store.PaymentIntents.Get(intentId, "payment_intent");
            charge = intent.Status == "succeeded" && store.Charges.Find(intent.LatestChargeId) is { } latest
                ? latest
                : throw StripeApiException.Invalid(
                    $"This PaymentIntent ({intent.Id}) does not have a successful charge to refund.", "payment_intent");
        }
        else
        {
            throw StripeApiException.Invalid("One of the following params should be provided for this request: payment_intent or charge.",
                "charge", "parameter_missing");
        }
        var reason = p.String("reason");
        if (reason is not (null or "duplicate" or "fraudulent" or "requested_by_customer"))
        {
            throw StripeApiException.Invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
        }
        var refund = payments.Refund(charge, p.Long("amount"), reason, Metadata.From(p));
        return Render.Object(refund, call, store);
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var charge = call.P.String("charge");
        var intent = call.P.String("payment_intent");
        var refunds = store.Refunds.All.Where(r =>
            (charge is null || r.ChargeId == charge) && (intent is null || r.PaymentIntentId == intent));
        return Render.List(Render.CreatedWithin(refunds, call.P, r => r.Created), call, store, "/v1/refunds");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) => Render.Object(store.Refunds.Get(id), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store)
    {
        var refund = store.Refunds.Get(id);
        var before = refund.ToJson(store);
        Metadata.Apply(refund.Metadata, call.P);
        store.Emit("refund.updated", refund, before);
        return Render.Object(refund, call, store);
    }
}
