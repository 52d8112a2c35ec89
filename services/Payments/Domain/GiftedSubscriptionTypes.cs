namespace AeThexLive.Payments.Domain;

/// <summary>The gift types that buy subscriptions (<c>sub_basic</c>, <c>sub_premium</c>, <c>sub_vip</c>) rather than catalogue items.</summary>
public static class GiftedSubscriptionTypes
{
    private const string Prefix = "sub_";

    public static readonly IReadOnlyList<string> All = [.. SubscriptionTiers.All.Select(t => Prefix + t)];

    /// <summary>One gifted subscription lasts a calendar month from the payment and never renews.</summary>
    public static DateTime EndOf(DateTime start) => start.AddMonths(1);

    /// <summary>The subscription tier a gift type buys, or null for a virtual gift.</summary>
    public static string? TierOf(string? giftType) =>
        giftType is not null && giftType.StartsWith(Prefix, StringComparison.Ordinal) && SubscriptionTiers.All.Contains(giftType[Prefix.Length..])
            ? giftType[Prefix.Length..]
            : null;
}
