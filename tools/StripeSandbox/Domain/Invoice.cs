using System.Globalization;
using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>A line of an invoice: a period of a subscription item, or a proration left by a change of price.</summary>
internal sealed record InvoiceLine(
    string Id,
    long Amount,
    string Description,
    Price Price,
    long Quantity,
    long PeriodStart,
    long PeriodEnd,
    string SubscriptionId,
    string SubscriptionItemId,
    bool Proration,
    string? InvoiceItemId = null)
{
    public JsonObject ToJson(Invoice invoice) => new()
    {
        ["id"] = Id,
        ["object"] = "line_item",
        ["amount"] = Amount,
        ["currency"] = invoice.Currency,
        ["description"] = Description,
        ["discount_amounts"] = new JsonArray(),
        ["discountable"] = !Proration,
        ["discounts"] = new JsonArray(),
        ["invoice"] = invoice.Id,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["parent"] = InvoiceItemId is null
            ? new JsonObject
            {
                ["invoice_item_details"] = null,
                ["subscription_item_details"] = new JsonObject
                {
                    ["invoice_item"] = null,
                    ["proration"] = Proration,
                    ["proration_details"] = new JsonObject { ["credited_items"] = null },
                    ["subscription"] = SubscriptionId,
                    ["subscription_item"] = SubscriptionItemId,
                },
                ["type"] = "subscription_item_details",
            }
            : new JsonObject
            {
                ["invoice_item_details"] = new JsonObject
                {
                    ["invoice_item"] = InvoiceItemId,
                    ["proration"] = Proration,
                    ["proration_details"] = new JsonObject { ["credited_items"] = null },
                    ["subscription"] = SubscriptionId,
                },
                ["subscription_item_details"] = null,
                ["type"] = "invoice_item_details",
            },
        ["period"] = new JsonObject { ["end"] = PeriodEnd, ["start"] = PeriodStart },
        ["pricing"] = new JsonObject
        {
            ["price_details"] = new JsonObject { ["price"] = Price.Id, ["product"] = Price.ProductId },
            ["type"] = "price_details",
            ["unit_amount_decimal"] = Price.UnitAmount.ToString(CultureInfo.InvariantCulture),
        },
        ["quantity"] = Quantity,
        ["subtotal"] = Amount,
        ["taxes"] = new JsonArray(),
    };
}

internal sealed class Invoice(string id, long created, Customer customer, string billingReason) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string CustomerId { get; } = customer.Id;
    public string? CustomerEmail { get; } = customer.Email;
    public string? CustomerName { get; } = customer.Name;
    public string Number { get; } = $"{customer.InvoicePrefix}-{customer.InvoiceSequence++:D4}";
    public string BillingReason { get; } = billingReason;
    public required string Currency { get; init; }
    public string? SubscriptionId { get; init; }
    public List<InvoiceLine> Lines { get; } = [];
    public string Status { get; set; } = "draft";
    public long PeriodStart { get; init; }
    public long PeriodEnd { get; init; }
    public long StartingBalance { get; set; }
    public long EndingBalance { get; set; }
    public long AmountDue { get; set; }
    public long AmountPaid { get; set; }
    public int AttemptCount { get; set; }
    public long? NextPaymentAttempt { get; set; }
    public long? FinalizedAt { get; set; }
    public long? PaidAt { get; set; }
    public long? VoidedAt { get; set; }
    public string? PaymentIntentId { get; set; }
    public string? InvoicePaymentId { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public long Total => Lines.Sum(l => l.Amount);

    public long AmountRemaining => Status is "paid" or "void" ? 0 : AmountDue - AmountPaid;

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "invoice",
        ["account_country"] = "US",
        ["account_name"] = "AeThex LIVE (sandbox)",
        ["amount_due"] = AmountDue,
        ["amount_overpaid"] = 0,
        ["amount_paid"] = AmountPaid,
        ["amount_remaining"] = AmountRemaining,
        ["amount_shipping"] = 0,
        ["attempt_count"] = AttemptCount,
        ["attempted"] = AttemptCount > 0,
        ["auto_advance"] = Status is "draft" or "open",
        ["billing_reason"] = BillingReason,
        ["collection_method"] = "charge_automatically",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = CustomerId,
        ["customer_email"] = CustomerEmail,
        ["customer_name"] = CustomerName,
        ["description"] = null,
        ["discounts"] = new JsonArray(),
        ["due_date"] = null,
        ["effective_at"] = FinalizedAt,
        ["ending_balance"] = Status == "draft" ? null : EndingBalance,
        ["hosted_invoice_url"] = $"https://invoice.stripe.com/i/sandbox/{Id}",
        ["invoice_pdf"] = $"https://pay.stripe.com/invoice/sandbox/{Id}/pdf",
        ["lines"] = SandboxStore.List($"/v1/invoices/{Id}/lines", Lines.Select(l => (JsonNode)l.ToJson(this)).ToArray()),
        ["livemode"] = false,
        ["metadata"] = Metadata.ToJsonObject(),
        ["next_payment_attempt"] = NextPaymentAttempt,
        ["number"] = Number,
        ["parent"] = SubscriptionId is null ? null : new JsonObject
        {
            ["quote_details"] = null,
            ["subscription_details"] = new JsonObject
            {
                ["metadata"] = store.Subscriptions.Find(SubscriptionId)?.Metadata.ToJsonObject() ?? new JsonObject(),
                ["subscription"] = SubscriptionId,
            },
            ["type"] = "subscription_details",
        },
        ["period_end"] = PeriodEnd,
        ["period_start"] = PeriodStart,
        ["starting_balance"] = StartingBalance,
        ["status"] = Status,
        ["status_transitions"] = new JsonObject
        {
            ["finalized_at"] = FinalizedAt,
            ["marked_uncollectible_at"] = null,
            ["paid_at"] = PaidAt,
            ["voided_at"] = VoidedAt,
        },
        ["subtotal"] = Total,
        ["total"] = Total,
        ["webhooks_delivered_at"] = FinalizedAt,
    };

    public JsonNode? Include(string field, SandboxStore store) => field switch
    {
        // How the first invoice of a subscription is paid from a browser (API 2025-03-31 and later).
        "confirmation_secret" => PaymentIntentId is { } intentId && Status == "open"
            ? new JsonObject { ["client_secret"] = store.PaymentIntents.Get(intentId).ClientSecret, ["type"] = "payment_intent" }
            : null,
        "payments" => SandboxStore.List($"/v1/invoice_payments?invoice={Id}", store.InvoicePayments.All
            .Where(p => p.InvoiceId == Id).Reverse().Select(p => (JsonNode)p.ToJson(store)).ToArray()),
        _ => null,
    };

    public bool Includes(string field) => field is "confirmation_secret" or "payments";
}
