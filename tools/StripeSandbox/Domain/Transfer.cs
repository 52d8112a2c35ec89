using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class Transfer(string id, long created, long amount, string currency, string destination) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public long Amount { get; } = amount;
    public string Currency { get; } = currency;
    public string Destination { get; } = destination;
    public string? Description { get; init; }
    public string? TransferGroup { get; init; }
    public string? SourceTransaction { get; init; }
    public long AmountReversed { get; set; }
    public string? BalanceTransactionId { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public long Reversible => Amount - AmountReversed;

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "transfer",
        ["amount"] = Amount,
        ["amount_reversed"] = AmountReversed,
        ["balance_transaction"] = BalanceTransactionId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["description"] = Description,
        ["destination"] = Destination,
        ["destination_payment"] = null,
        ["livemode"] = false,
        ["metadata"] = Metadata.ToJsonObject(),
        ["reversals"] = SandboxStore.List($"/v1/transfers/{Id}/reversals", store.TransferReversals.All
            .Where(r => r.TransferId == Id).Reverse().Select(r => (JsonNode)r.ToJson(store)).ToArray()),
        ["reversed"] = AmountReversed == Amount,
        ["source_transaction"] = SourceTransaction,
        ["source_type"] = "card",
        ["transfer_group"] = TransferGroup,
    };
}

internal sealed class TransferReversal(string id, long created, Transfer transfer, long amount) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string TransferId { get; } = transfer.Id;
    public long Amount { get; } = amount;
    public string Currency { get; } = transfer.Currency;
    public string? BalanceTransactionId { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "transfer_reversal",
        ["amount"] = Amount,
        ["balance_transaction"] = BalanceTransactionId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["destination_payment_refund"] = null,
        ["metadata"] = Metadata.ToJsonObject(),
        ["source_refund"] = null,
        ["transfer"] = TransferId,
    };
}
