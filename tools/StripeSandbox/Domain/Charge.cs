using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class Charge(string id, long created, PaymentIntent intent, CardPaymentMethod method) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public long Amount { get; } = intent.Amount;
    public string Currency { get; } = intent.Currency;
    public string? CustomerId { get; } = intent.CustomerId;
    public string PaymentIntentId { get; } = intent.Id;
    public string? Description { get; } = intent.Description;
    public Dictionary<string, string> Metadata { get; set; } = new(intent.Metadata);
    public CardPaymentMethod Method { get; } = method;
    public string Status { get; set; } = "pending";
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public string? DeclineCode { get; set; }
    public string? BalanceTransactionId { get; set; }
    public long AmountRefunded { get; set; }
    public bool Disputed { get; set; }

    public bool Succeeded => Status == "succeeded";

    public long Refundable => Succeeded ? Amount - AmountRefunded : 0;

    public JsonObject ToJson(SandboxStore store)
    {
        var refunds = store.Refunds.All.Where(r => r.ChargeId == Id).Reverse().Select(r => (JsonNode)r.ToJson(store)).ToArray();
        var card = Method.CardJson();
        card["network"] = Method.Card.Brand;
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "charge",
            ["amount"] = Amount,
            ["amount_captured"] = Succeeded ? Amount : 0,
            ["amount_refunded"] = AmountRefunded,
            ["application"] = null,
            ["application_fee"] = null,
            ["application_fee_amount"] = null,
            ["balance_transaction"] = BalanceTransactionId,
            ["billing_details"] = new JsonObject { ["address"] = null, ["email"] = null, ["name"] = null, ["phone"] = null },
            ["calculated_statement_descriptor"] = "AETHEX LIVE",
            ["captured"] = Succeeded,
            ["created"] = Created,
            ["currency"] = Currency,
            ["customer"] = CustomerId,
            ["description"] = Description,
            ["disputed"] = Disputed,
            ["failure_balance_transaction"] = null,
            ["failure_code"] = FailureCode,
            ["failure_message"] = FailureMessage,
            ["fraud_details"] = new JsonObject(),
            ["livemode"] = false,
            ["metadata"] = Domain.Metadata.ToJson(Metadata),
            ["on_behalf_of"] = null,
            ["outcome"] = Succeeded
                ? Outcome("authorized", "approved_by_network", null, "Payment complete.")
                : Outcome("issuer_declined", "declined_by_network", DeclineCode,
                    "The bank did not return any further details with this decline."),
            ["paid"] = Succeeded,
            ["payment_intent"] = PaymentIntentId,
            ["payment_method"] = Method.Id,
            ["payment_method_details"] = new JsonObject { ["card"] = card, ["type"] = "card" },
            ["receipt_email"] = null,
            ["receipt_number"] = null,
            ["receipt_url"] = $"https://pay.stripe.com/receipts/sandbox/{Id}",
            ["refunded"] = Succeeded && AmountRefunded == Amount,
            ["refunds"] = SandboxStore.List($"/v1/charges/{Id}/refunds", refunds),
            ["review"] = null,
            ["source"] = null,
            ["source_transfer"] = null,
            ["statement_descriptor"] = null,
            ["statement_descriptor_suffix"] = null,
            ["status"] = Status,
            ["transfer_data"] = null,
            ["transfer_group"] = null,
        };
    }

    private static JsonObject Outcome(string type, string networkStatus, string? reason, string sellerMessage) => new()
    {
        ["network_status"] = networkStatus,
        ["reason"] = reason,
        ["risk_level"] = "normal",
        ["risk_score"] = 20,
        ["seller_message"] = sellerMessage,
        ["type"] = type,
    };
}
