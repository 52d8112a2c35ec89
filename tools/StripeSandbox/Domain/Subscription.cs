using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class SubscriptionItem(string id, long created, Price price, long quantity)
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public Price Price { get; set; } = price;
    public long Quantity { get; set; } = quantity;
    public Dictionary<string, string> Metadata { get; set; } = [];

    public JsonObject ToJson(SandboxStore store, Subscription subscription) => new()
    {
        ["id"] = Id,
        ["object"] = "subscription_item",
        ["created"] = Created,
        ["current_period_end"] = subscription.CurrentPeriodEnd,
        ["current_period_start"] = subscription.CurrentPeriodStart,
        ["discounts"] = new JsonArray(),
        ["metadata"] = Metadata.ToJsonObject(),
        ["price"] = Price.ToJson(store),
        ["quantity"] = Quantity,
        ["subscription"] = subscription.Id,
        ["tax_rates"] = new JsonArray(),
    };
}

internal sealed class Subscription(string id, long created, string customerId) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string CustomerId { get; } = customerId;
    public List<SubscriptionItem> Items { get; } = [];
    public string Status { get; set; } = "incomplete";
    public long CurrentPeriodStart { get; set; }
    public long CurrentPeriodEnd { get; set; }
    public long BillingCycleAnchor { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public long? CancelAt { get; set; }
    public long? CanceledAt { get; set; }
    public long? EndedAt { get; set; }
    public string? CancellationReason { get; set; }
    public string? LatestInvoiceId { get; set; }
    public string? DefaultPaymentMethod { get; set; }
    public string? SaveDefaultPaymentMethod { get; set; }
    public string? Description { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public string Currency => Items[0].Price.Currency;

    public bool IsEnded => Status is "canceled" or "incomplete_expired";

    /// <summary>The price the period is measured by (all items of a subscription share an interval).</summary>
    public Price BillingPrice => Items[0].Price;

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "subscription",
        ["application"] = null,
        ["application_fee_percent"] = null,
        ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null },
        ["billing_cycle_anchor"] = BillingCycleAnchor,
        ["billing_cycle_anchor_config"] = null,
        ["cancel_at"] = CancelAt,
        ["cancel_at_period_end"] = CancelAtPeriodEnd,
        ["canceled_at"] = CanceledAt,
        ["cancellation_details"] = new JsonObject { ["comment"] = null, ["feedback"] = null, ["reason"] = CancellationReason },
        ["collection_method"] = "charge_automatically",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = CustomerId,
        ["days_until_due"] = null,
        ["default_payment_method"] = DefaultPaymentMethod,
        ["default_source"] = null,
        ["default_tax_rates"] = new JsonArray(),
        ["description"] = Description,
        ["discounts"] = new JsonArray(),
        ["ended_at"] = EndedAt,
        ["items"] = SandboxStore.List($"/v1/subscription_items?subscription={Id}",
            Items.Select(i => (JsonNode)i.ToJson(store, this)).ToArray()),
        ["latest_invoice"] = LatestInvoiceId,
        ["livemode"] = false,
        ["metadata"] = Metadata.ToJsonObject(),
        ["next_pending_invoice_item_invoice"] = null,
        ["on_behalf_of"] = null,
        ["pause_collection"] = null,
        ["payment_settings"] = new JsonObject
        {
            ["payment_method_options"] = null,
            ["payment_method_types"] = null,
            ["save_default_payment_method"] = SaveDefaultPaymentMethod ?? "off",
        },
        ["pending_invoice_item_interval"] = null,
        ["pending_setup_intent"] = null,
        ["pending_update"] = null,
        ["schedule"] = null,
        ["start_date"] = Created,
        ["status"] = Status,
        ["test_clock"] = null,
        ["transfer_data"] = null,
        ["trial_end"] = null,
        ["trial_start"] = null,
    };
}

internal static class MetadataJson
{
    public static JsonObject ToJsonObject(this Dictionary<string, string> metadata) => Metadata.ToJson(metadata);
}
