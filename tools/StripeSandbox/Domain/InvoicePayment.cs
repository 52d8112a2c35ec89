using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>The link between an invoice and the payment intent paying it (API 2025-03-31 and later).</summary>
internal sealed class InvoicePayment(string id, long created, Invoice invoice, PaymentIntent intent) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public string InvoiceId { get; } = invoice.Id;
    public string PaymentIntentId { get; } = intent.Id;
    public long AmountRequested { get; } = intent.Amount;
    public string Currency { get; } = intent.Currency;
    public string Status { get; set; } = "open";
    public long? AmountPaid { get; set; }
    public long? PaidAt { get; set; }
    public long? CanceledAt { get; set; }

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "invoice_payment",
        ["amount_paid"] = AmountPaid,
        ["amount_requested"] = AmountRequested,
        ["created"] = Created,
        ["currency"] = Currency,
        ["invoice"] = InvoiceId,
        ["is_default"] = true,
        ["livemode"] = false,
        ["payment"] = new JsonObject
        {
            ["charge"] = null,
            ["payment_intent"] = PaymentIntentId,
            ["type"] = "payment_intent",
        },
        ["status"] = Status,
        ["status_transitions"] = new JsonObject { ["canceled_at"] = CanceledAt, ["paid_at"] = PaidAt },
    };
}
