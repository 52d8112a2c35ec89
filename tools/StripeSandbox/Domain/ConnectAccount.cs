using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Engine;

namespace AeThexLive.StripeSandbox.Domain;

/// <summary>A connected account (Express by default) that receives transfers and pays out to its bank.</summary>
internal sealed class ConnectAccount(string id, long created, string type) : IStripeObject
{
    private static readonly string[] OnboardingRequirements =
        ["business_profile.url", "external_account", "individual.dob.day", "individual.first_name", "tos_acceptance.date"];

    public string Id { get; } = id;
    public long Created { get; } = created;
    public string Type { get; } = type;
    public string Country { get; init; } = "US";
    public string DefaultCurrency { get; init; } = "usd";
    public string? Email { get; set; }
    public string? BusinessType { get; set; }
    public bool TransfersRequested { get; init; }
    public bool CardPaymentsRequested { get; init; }
    public bool DetailsSubmitted { get; set; }
    public bool ChargesEnabled { get; set; }
    public bool PayoutsEnabled { get; set; }

    /// <summary>A sandbox switch: payouts to this account's bank fail (<c>account_closed</c>).</summary>
    public bool FailPayouts { get; set; }

    public string? DisabledReason { get; set; } = "requirements.past_due";
    public string BankAccountId { get; } = Wire.StripeIds.New("ba");
    public bool Deleted { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool CanReceiveTransfers => TransfersRequested && DetailsSubmitted && DisabledReason is null;

    public void CompleteOnboarding()
    {
        DetailsSubmitted = true;
        ChargesEnabled = CardPaymentsRequested || Type == "standard";
        PayoutsEnabled = true;
        DisabledReason = null;
    }

    public void Restrict(string reason)
    {
        ChargesEnabled = false;
        PayoutsEnabled = false;
        DisabledReason = reason;
    }

    public JsonObject ToJson(SandboxStore store)
    {
        if (Deleted) return new JsonObject { ["id"] = Id, ["object"] = "account", ["deleted"] = true };
        var due = DisabledReason is null ? new JsonArray() : new JsonArray(OnboardingRequirements.Select(r => (JsonNode)r).ToArray());
        var capabilities = new JsonObject();
        if (CardPaymentsRequested) capabilities["card_payments"] = ChargesEnabled ? "active" : "inactive";
        if (TransfersRequested) capabilities["transfers"] = CanReceiveTransfers ? "active" : "inactive";
        var bank = new JsonObject
        {
            ["id"] = BankAccountId,
            ["object"] = "bank_account",
            ["account"] = Id,
            ["account_holder_name"] = null,
            ["account_holder_type"] = null,
            ["bank_name"] = "STRIPE TEST BANK",
            ["country"] = Country,
            ["currency"] = DefaultCurrency,
            ["default_for_currency"] = true,
            ["fingerprint"] = $"sandbox{Id[^6..]}",
            ["last4"] = FailPayouts ? "0028" : "6789",
            ["metadata"] = new JsonObject(),
            ["routing_number"] = "110000000",
            ["status"] = FailPayouts ? "errored" : "new",
        };
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "account",
            ["business_profile"] = new JsonObject { ["mcc"] = null, ["name"] = null, ["product_description"] = null, ["url"] = null },
            ["business_type"] = BusinessType,
            ["capabilities"] = capabilities,
            ["charges_enabled"] = ChargesEnabled,
            ["country"] = Country,
            ["created"] = Created,
            ["default_currency"] = DefaultCurrency,
            ["details_submitted"] = DetailsSubmitted,
            ["email"] = Email,
            ["external_accounts"] = SandboxStore.List($"/v1/accounts/{Id}/external_accounts",
                DetailsSubmitted ? [bank] : []),
            ["livemode"] = false,
            ["metadata"] = Metadata.ToJsonObject(),
            ["payouts_enabled"] = PayoutsEnabled,
            ["requirements"] = new JsonObject
            {
                ["alternatives"] = new JsonArray(),
                ["current_deadline"] = null,
                ["currently_due"] = due.DeepClone(),
                ["disabled_reason"] = DisabledReason,
                ["errors"] = new JsonArray(),
                ["eventually_due"] = due.DeepClone(),
                ["past_due"] = due,
                ["pending_verification"] = new JsonArray(),
            },
            ["settings"] = new JsonObject
            {
                ["payouts"] = new JsonObject
                {
                    ["debit_negative_balances"] = true,
                    ["schedule"] = new JsonObject { ["delay_days"] = 2, ["interval"] = "manual" },
                    ["statement_descriptor"] = null,
                },
            },
            ["type"] = Type,
        };
    }
}
