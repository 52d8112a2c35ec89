namespace AeThexLive.Payments.Domain;

/// <summary>What a payment bought: the PaymentIntent's metadata, the ledger transaction's kind, the revenue report's rows.</summary>
public static class PurchaseKinds
{
    public const string Donation = "donation";
    public const string Gift = "gift";
    public const string Subscription = "subscription";

    public static readonly IReadOnlyList<string> All = [Donation, Gift, Subscription];
}
