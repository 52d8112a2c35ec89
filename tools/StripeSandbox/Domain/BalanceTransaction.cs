using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>One movement of an account's Stripe balance, with the fee Stripe kept.</summary>
internal sealed class BalanceTransaction(string id, long created, string? owner) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string? Owner { get; } = owner;
    public required long Amount { get; init; }
    public long Fee { get; init; }
    public required string Currency { get; init; }
    public required string Type { get; init; }
    public required string ReportingCategory { get; init; }
    public required string SourceId { get; init; }
    public string? Description { get; init; }
    public string FeeDescription { get; init; } = "Stripe processing fees";
    public long AvailableOn { get; init; } = created;

    public long Net => Amount - Fee;

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "balance_transaction",
        ["amount"] = Amount,
        ["available_on"] = AvailableOn,
        ["balance_type"] = "payments",
        ["created"] = Created,
        ["currency"] = Currency,
        ["description"] = Description,
        ["exchange_rate"] = null,
        ["fee"] = Fee,
        ["fee_details"] = Fee == 0 ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["amount"] = Fee,
            ["application"] = null,
            ["currency"] = Currency,
            ["description"] = FeeDescription,
            ["type"] = "stripe_fee",
        }),
        ["net"] = Net,
        ["reporting_category"] = ReportingCategory,
        ["source"] = SourceId,
        ["status"] = AvailableOn <= store.Clock.Now ? "available" : "pending",
        ["type"] = Type,
    };
}
