using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class DisputesApi
{
    public static RouteGroupBuilder MapDisputesApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/disputes", List).WithName("ListDisputes").WithSummary("Lists disputes.").WithTags("Disputes");
        v1.MapGet("/disputes/{id}", Retrieve).WithName("RetrieveDispute").WithSummary("Retrieves a dispute.").WithTags("Disputes");
        v1.MapPost("/disputes/{id}", Update).WithName("UpdateDispute")
            .WithSummary("Adds evidence to a dispute (submit=true sends it for review).").WithTags("Disputes");
        v1.MapPost("/disputes/{id}/close", Close).WithName("CloseDispute")
            .WithSummary("Accepts a dispute: it is lost, the money stays with the cardholder.").WithTags("Disputes");
        return v1;
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var charge = call.P.String("charge");
        var intent = call.P.String("payment_intent");
        var disputes = store.Disputes.All.Where(d =>
            (charge is null || d.ChargeId == charge) && (intent is null || d.PaymentIntentId == intent));
        return Render.List(Render.CreatedWithin(disputes, call.P, d => d.Created), call, store, "/v1/disputes");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) => Render.Object(store.Disputes.Get(id), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store)
    {
        var dispute = store.Disputes.Get(id);
        var p = call.P;
        if (!dispute.IsOpen)
        {
            throw StripeApiException.Invalid("This dispute is already closed; its evidence can no longer change.", "evidence");
        }
        var before = dispute.ToJson(store);
        if (p.Object("evidence") is { } evidence)
        {
            dispute.EvidenceText = evidence.String("uncategorized_text") ?? dispute.EvidenceText;
            dispute.HasEvidence = true;
        }
        if (p.Bool("submit") ?? true)
        {
            dispute.Status = "under_review";
            dispute.SubmissionCount++;
        }
        Metadata.Apply(dispute.Metadata, p);
        store.Emit("charge.dispute.updated", dispute, before);
        return Render.Object(dispute, call, store);
    }

    private static StripeResult Close(string id, ApiCall call, SandboxStore store, PaymentEngine payments)
    {
        var dispute = store.Disputes.Get(id);
        payments.CloseDispute(dispute, won: false);
        return Render.Object(dispute, call, store);
    }
}
