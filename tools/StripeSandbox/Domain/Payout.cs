using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>Money leaving a Stripe balance for a bank: the platform's, or a connected account's (<see cref="Owner"/>).</summary>
internal sealed class Payout(string id, long created, string? owner, long amount, string currency) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string? Owner { get; } = owner;
    public long Amount { get; } = amount;
    public string Currency { get; } = currency;
    public required string Destination { get; init; }
    public required long ArrivalDate { get; init; }
    public string Method { get; init; } = "standard";
    public string? Description { get; init; }
    public string? StatementDescriptor { get; init; }
    public string Status { get; set; } = "pending";
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public string? BalanceTransactionId { get; set; }
    public string? FailureBalanceTransactionId { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsPending => Status is "pending" or "in_transit";

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "payout",
        ["amount"] = Amount,
        ["application_fee"] = null,
        ["application_fee_amount"] = null,
        ["arrival_date"] = ArrivalDate,
        ["automatic"] = false,
        ["balance_transaction"] = BalanceTransactionId,
        ["created"] = Created,
        ["currency"] = Currency,
        ["description"] = Description,
        ["destination"] = Destination,
        ["failure_balance_transaction"] = FailureBalanceTransactionId,
        ["failure_code"] = FailureCode,
        ["failure_message"] = FailureMessage,
        ["livemode"] = false,
        ["metadata"] = Metadata.ToJsonObject(),
        ["method"] = Method,
        ["original_payout"] = null,
        ["reconciliation_status"] = Status == "paid" ? "completed" : "not_applicable",
        ["reversed_by"] = null,
        ["source_type"] = "card",
        ["statement_descriptor"] = StatementDescriptor,
        ["status"] = Status,
        ["type"] = "bank_account",
    };
}
