namespace AeThexLive.StripeSandbox.Domain;

public enum CardBehavior
{
    Succeeds,
    Declines,

    /// <summary>Attaches to a customer, then every charge on it declines (Stripe's <c>pm_card_chargeCustomerFail</c>).</summary>
    DeclinesCharges,

    /// <summary>Every on-session payment asks for 3-D Secure; off-session ones decline.</summary>
    RequiresAuthentication,

    /// <summary>Succeeds, then the cardholder disputes the charge.</summary>
    SucceedsThenDisputed,
}

/// <summary>The test payment methods the sandbox knows, named as in Stripe's testing docs.</summary>
internal sealed record TestCard(
    string Brand,
    string Last4,
    CardBehavior Behavior,
    string Funding = "credit",
    string? DeclineCode = null,
    string? ErrorCode = null,
    string? DeclineMessage = null)
{
    private const string Declined = "Your card was declined.";

    public static readonly IReadOnlyDictionary<string, TestCard> Tokens = new Dictionary<string, TestCard>(StringComparer.Ordinal)
    {
        ["pm_card_visa"] = new("visa", "4242", CardBehavior.Succeeds),
        ["pm_card_visa_debit"] = new("visa", "5556", CardBehavior.Succeeds, "debit"),
        ["pm_card_mastercard"] = new("mastercard", "4444", CardBehavior.Succeeds),
        ["pm_card_amex"] = new("amex", "8431", CardBehavior.Succeeds),
        ["pm_card_bypassPending"] = new("visa", "0077", CardBehavior.Succeeds),
        ["pm_card_visa_chargeDeclined"] = new("visa", "0002", CardBehavior.Declines, DeclineCode: "generic_decline"),
        ["pm_card_chargeDeclined"] = new("visa", "0002", CardBehavior.Declines, DeclineCode: "generic_decline"),
        ["pm_card_chargeDeclinedInsufficientFunds"] = new("visa", "9995", CardBehavior.Declines,
            DeclineCode: "insufficient_funds", DeclineMessage: "Your card has insufficient funds."),
        ["pm_card_chargeDeclinedExpiredCard"] = new("visa", "0069", CardBehavior.Declines,
            DeclineCode: "expired_card", ErrorCode: "expired_card", DeclineMessage: "Your card has expired."),
        ["pm_card_chargeCustomerFail"] = new("visa", "0341", CardBehavior.DeclinesCharges, DeclineCode: "generic_decline"),
        ["pm_card_authenticationRequired"] = new("visa", "3184", CardBehavior.RequiresAuthentication),
        ["pm_card_threeDSecure2Required"] = new("visa", "3220", CardBehavior.RequiresAuthentication),
        ["pm_card_createDispute"] = new("visa", "0259", CardBehavior.SucceedsThenDisputed),
    };

    public bool DeclinesOnCharge => Behavior is CardBehavior.Declines or CardBehavior.DeclinesCharges;

    public string Code => ErrorCode ?? "card_declined";

    public string Message => DeclineMessage ?? Declined;
}
