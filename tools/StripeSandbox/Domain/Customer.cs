using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class Customer(string id, long created) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Phone { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public string? DefaultPaymentMethod { get; set; }
    public string? Currency { get; set; }

    /// <summary>Negative is credit owed to the customer (a downgrade's proration), used up by the next invoices.</summary>
    public long Balance { get; set; }

    public int InvoiceSequence { get; set; } = 1;
    public string InvoicePrefix { get; } = Wire.StripeIds.Random(8).ToUpperInvariant();
    public bool Deleted { get; set; }

    public JsonObject ToJson(SandboxStore store) => Deleted
        ? new JsonObject { ["id"] = Id, ["object"] = "customer", ["deleted"] = true }
        : new JsonObject
        {
            ["id"] = Id,
            ["object"] = "customer",
            ["address"] = null,
            ["balance"] = Balance,
            ["created"] = Created,
            ["currency"] = Currency,
            ["default_source"] = null,
            ["delinquent"] = store.Invoices.All.Any(i => i.CustomerId == Id && i.Status == "open" && i.AttemptCount > 0),
            ["description"] = Description,
            ["email"] = Email,
            ["invoice_prefix"] = InvoicePrefix,
            ["invoice_settings"] = new JsonObject
            {
                ["custom_fields"] = null,
                ["default_payment_method"] = DefaultPaymentMethod,
                ["footer"] = null,
                ["rendering_options"] = null,
            },
            ["livemode"] = false,
            ["metadata"] = Domain.Metadata.ToJson(Metadata),
            ["name"] = Name,
            ["next_invoice_sequence"] = InvoiceSequence,
            ["phone"] = Phone,
            ["preferred_locales"] = new JsonArray(),
            ["shipping"] = null,
            ["tax_exempt"] = "none",
            ["test_clock"] = null,
        };
}
