using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class Dispute(string id, long created, Charge charge, long amount, string reason) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string ChargeId { get; } = charge.Id;
    public string PaymentIntentId { get; } = charge.PaymentIntentId;
    public long Amount { get; } = amount;
    public string Currency { get; } = charge.Currency;
    public string Reason { get; } = reason;
    public string Status { get; set; } = "needs_response";
    public long DueBy { get; init; }
    public int SubmissionCount { get; set; }
    public bool HasEvidence { get; set; }
    public string? EvidenceText { get; set; }
    public List<string> BalanceTransactionIds { get; } = [];
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsOpen => Status is "needs_response" or "under_review" or "warning_needs_response" or "warning_under_review";

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "dispute",
        ["amount"] = Amount,
        ["balance_transactions"] = new JsonArray(BalanceTransactionIds
            .Select(id => (JsonNode)store.BalanceTransactions.Get(id).ToJson(store)).ToArray()),
        ["charge"] = ChargeId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["evidence"] = new JsonObject { ["uncategorized_text"] = EvidenceText },
        ["evidence_details"] = new JsonObject
        {
            ["due_by"] = DueBy,
            ["has_evidence"] = HasEvidence,
            ["past_due"] = false,
            ["submission_count"] = SubmissionCount,
        },
        ["is_charge_refundable"] = false,
        ["livemode"] = false,
        ["metadata"] = Domain.Metadata.ToJson(Metadata),
        ["payment_intent"] = PaymentIntentId,
        ["reason"] = Reason,
        ["status"] = Status,
    };
}
