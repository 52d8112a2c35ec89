using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

internal sealed class PaymentIntent(string id, long created, long amount, string currency) : IStripeObject
{
    public string Id { get; } = id;
    public long Created { get; } = created;
    public long Amount { get; set; } = amount;
    public string Currency { get; set; } = currency;
    public string ClientSecret { get; } = $"{id}_secret_{Wire.StripeIds.Random(25)}";
    public string Status { get; set; } = "requires_payment_method";
    public string? CustomerId { get; set; }
    public string? PaymentMethodId { get; set; }
    public string? Description { get; set; }
    public string? ReceiptEmail { get; set; }
    public string? SetupFutureUsage { get; set; }
    public string? StatementDescriptor { get; set; }
    public string? TransferGroup { get; set; }
    public bool AutomaticPaymentMethods { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public string? LatestChargeId { get; set; }
    public long AmountReceived { get; set; }
    public JsonObject? LastPaymentError { get; set; }
    public JsonObject? NextAction { get; set; }
    public string? ReturnUrl { get; set; }
    public long? CanceledAt { get; set; }
    public string? CancellationReason { get; set; }

    /// <summary>The invoice this intent pays, when a subscription made it.</summary>
    public string? InvoiceId { get; set; }

    public bool IsFinal => Status is "succeeded" or "canceled";

    public JsonObject ToJson(SandboxStore store) => new()
    {
        ["id"] = Id,
        ["object"] = "payment_intent",
        ["amount"] = Amount,
        ["amount_capturable"] = 0,
        ["amount_received"] = AmountReceived,
        ["application"] = null,
        ["application_fee_amount"] = null,
        ["automatic_payment_methods"] = AutomaticPaymentMethods
            ? new JsonObject { ["allow_redirects"] = "always", ["enabled"] = true }
            : null,
        ["canceled_at"] = CanceledAt,
        ["cancellation_reason"] = CancellationReason,
        ["capture_method"] = "automatic",
        ["client_secret"] = ClientSecret,
        ["confirmation_method"] = "automatic",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = CustomerId,
        ["description"] = Description,
        ["last_payment_error"] = LastPaymentError?.DeepClone(),
        ["latest_charge"] = LatestChargeId,
        ["livemode"] = false,
        ["metadata"] = Domain.Metadata.ToJson(Metadata),
        ["next_action"] = NextAction?.DeepClone(),
        ["on_behalf_of"] = null,
        ["payment_method"] = PaymentMethodId,
        ["payment_method_types"] = new JsonArray("card"),
        ["processing"] = null,
        ["receipt_email"] = ReceiptEmail,
        ["review"] = null,
        ["setup_future_usage"] = SetupFutureUsage,
        ["shipping"] = null,
        ["statement_descriptor"] = StatementDescriptor,
        ["statement_descriptor_suffix"] = null,
        ["status"] = Status,
        ["transfer_data"] = null,
        ["transfer_group"] = TransferGroup,
    };
}
