using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class Refund(string id, long created, Charge charge, long amount) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string ChargeId { get; } = charge.Id;
    public string PaymentIntentId { get; } = charge.PaymentIntentId;
    public long Amount { get; } = amount;
    public string Currency { get; } = charge.Currency;
    public string? Reason { get; init; }
    public string Status { get; set; } = "succeeded";
    public string? BalanceTransactionId { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "refund",
        ["amount"] = Amount,
        ["balance_transaction"] = BalanceTransactionId,
        ["charge"] = ChargeId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["destination_details"] = new JsonObject
        {
            ["card"] = new JsonObject
            {
                ["reference_status"] = "available",
                ["reference_type"] = "acquirer_reference_number",
                ["type"] = "refund",
            },
            ["type"] = "card",
        },
        ["metadata"] = Domain.Metadata.ToJson(Metadata),
        ["payment_intent"] = PaymentIntentId,
        ["reason"] = Reason,
        ["receipt_number"] = null,
        ["source_transfer_reversal"] = null,
        ["status"] = Status,
        ["transfer_reversal"] = null,
    };
}
