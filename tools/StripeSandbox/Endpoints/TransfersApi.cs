using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Wire;

namespace AeThexLive.StripeSandbox.Endpoints;

internal static class TransfersApi
{
    public static RouteGroupBuilder MapTransfersApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/transfers", Create).WithName("CreateTransfer")
            .WithSummary("Moves money from the platform's balance to a connected account.").WithTags("Connect");
        v1.MapGet("/transfers", List).WithName("ListTransfers").WithSummary("Lists transfers.").WithTags("Connect");
        v1.MapGet("/transfers/{id}", Retrieve).WithName("RetrieveTransfer").WithSummary("Retrieves a transfer.").WithTags("Connect");
        v1.MapPost("/transfers/{id}", Update).WithName("UpdateTransfer").WithSummary("Updates a transfer's metadata.").WithTags("Connect");
        v1.MapPost("/transfers/{id}/reversals", Reverse).WithName("CreateTransferReversal")
            .WithSummary("Takes back all or part of a transfer.").WithTags("Connect");
        v1.MapGet("/transfers/{id}/reversals", ListReversals).WithName("ListTransferReversals")
            .WithSummary("Lists a transfer's reversals.").WithTags("Connect");
        v1.MapGet("/transfers/{id}/reversals/{reversalId}", RetrieveReversal).WithName("RetrieveTransferReversal")
            .WithSummary("Retrieves a transfer reversal.").WithTags("Connect");
        return v1;
    }

    private static StripeResult Create(ApiCall call, SandboxStore store, ConnectEngine connect)
    {
        var p = call.P;
        var amount = p.RequiredLong("amount");
        var currency = p.Required("currency").ToLowerInvariant();
        var destination = store.Accounts.Get(p.Required("destination"), "destination");
        var transfer = connect.CreateTransfer(amount, currency, destination, p.String("description"), p.String("transfer_group"),
            p.String("source_transaction"), Metadata.From(p));
        return Render.Object(transfer, call, store);
    }

    private static StripeResult List(ApiCall call, SandboxStore store)
    {
        var destination = call.P.String("destination");
        var group = call.P.String("transfer_group");
        var transfers = store.Transfers.All.Where(t => (destination is null || t.Destination == destination)
            && (group is null || t.TransferGroup == group));
        return Render.List(Render.CreatedWithin(transfers, call.P, t => t.Created), call, store, "/v1/transfers");
    }

    private static StripeResult Retrieve(string id, ApiCall call, SandboxStore store) =>
        Render.Object(store.Transfers.Get(id), call, store);

    private static StripeResult Update(string id, ApiCall call, SandboxStore store)
    {
        var transfer = store.Transfers.Get(id);
        var before = transfer.ToJson(store);
        Metadata.Apply(transfer.Metadata, call.P);
        store.Emit("transfer.updated", transfer, before);
        return Render.Object(transfer, call, store);
    }

    private static StripeResult Reverse(string id, ApiCall call, SandboxStore store, ConnectEngine connect)
    {
        var transfer = store.Transfers.Get(id);
        var reversal = connect.Reverse(transfer, call.P.Long("amount"), Metadata.From(call.P));
        return Render.Object(reversal, call, store);
    }

    private static StripeResult ListReversals(string id, ApiCall call, SandboxStore store)
    {
        var transfer = store.Transfers.Get(id);
        return Render.List(store.TransferReversals.All.Where(r => r.TransferId == transfer.Id), call, store,
            $"/v1/transfers/{transfer.Id}/reversals");
    }

    private static StripeResult RetrieveReversal(string id, string reversalId, ApiCall call, SandboxStore store)
    {
        var reversal = store.TransferReversals.Get(reversalId);
        if (reversal.TransferId != id) throw StripeApiException.Missing("transfer reversal", reversalId);
        return Render.Object(reversal, call, store);
    }
}
