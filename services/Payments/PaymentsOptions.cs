namespace AeThexLive.Payments;

/// <summary>The "Payments" configuration section. Lists and the catalogue default when left empty (binding appends to a list).</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    public DonationRules Donations { get; set; } = new();
    public GiftCatalogue Gifts { get; set; } = new();
    public ShareDefaults Shares { get; set; } = new();
    public LedgerOptions Ledger { get; set; } = new();
    public ReconcilerOptions Reconciler { get; set; } = new();
    public PayoutOptions Payouts { get; set; } = new();
    public GiftedSubscriptionOptions GiftedSubscriptions { get; set; } = new();

    public void ApplyDefaults(string publicOrigin)
    {
        if (string.IsNullOrWhiteSpace(Payouts.ReturnUrl)) Payouts.ReturnUrl = $"{publicOrigin}/me/channels";
        if (Donations.Currencies.Length == 0) Donations.Currencies = ["usd", "eur", "gbp"];
        Donations.Currencies = [.. Donations.Currencies.Select(c => c.Trim().ToLowerInvariant()).Distinct()];
        if (Gifts.Catalogue.Count == 0) Gifts.Catalogue = new() { ["heart"] = 100, ["star"] = 500, ["rocket"] = 2500 };
        Gifts.Catalogue = Gifts.Catalogue.ToDictionary(g => g.Key.Trim().ToLowerInvariant(), g => g.Value);
        Gifts.Currency = Gifts.Currency.Trim().ToLowerInvariant();
    }
}

public sealed class DonationRules
{
    public int MinimumCents { get; set; } = 100;
    public int MaximumCents { get; set; } = 1_000_000;
    public string[] Currencies { get; set; } = [];
    public int MaxMessageLength { get; set; } = 500;
}

/// <summary>Virtual gifts on sale: name → price in cents (in <see cref="Currency"/>).</summary>
public sealed class GiftCatalogue
{
    public Dictionary<string, int> Catalogue { get; set; } = [];
    public string Currency { get; set; } = "usd";
    public int MaxQuantity { get; set; } = 100;
    /// <summary>The most one gift purchase may cost, like a donation's maximum.</summary>
    public int MaximumCents { get; set; } = 1_000_000;
}

/// <summary>The creator's share of each kind of payment, in basis points, where a channel has no share of its own.</summary>
public sealed class ShareDefaults
{
    public int DonationBasisPoints { get; set; } = 10_000;
    public int GiftBasisPoints { get; set; } = 10_000;
    public int SubscriptionBasisPoints { get; set; } = 5_000;
}

public sealed class LedgerOptions
{
    /// <summary>How long a creator's share stays pending before it can be paid out.</summary>
    public TimeSpan PayableHold { get; set; } = TimeSpan.FromDays(7);
    /// <summary>How often due holds are released.</summary>
    public TimeSpan ReleaseInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>A hold of its own for a kind of payment (donation, gift, subscription), overriding <see cref="PayableHold"/>.</summary>
    public Dictionary<string, TimeSpan> HoldByKind { get; set; } = [];

    public TimeSpan HoldFor(string kind) => HoldByKind.TryGetValue(kind, out var hold) ? hold : PayableHold;
}

/// <summary>
/// Creators are paid by a transfer to their Stripe Connect account: each month for the month before, from
/// <see cref="PayDay"/> on, or when an admin runs a period's payouts.
/// </summary>
public sealed class PayoutOptions
{
    /// <summary>A channel's available balance must reach this (per currency) to be paid; less rolls over to a later period.</summary>
    public long MinimumCents { get; set; } = 5000;
    /// <summary>Day of the month (1–28, UTC) from which the month before is paid automatically, as Twitch pays on the 15th; 0 turns it off.</summary>
    public int PayDay { get; set; } = 15;
    /// <summary>How often the automatic run looks for a due period (and sends payouts an earlier run could not send).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>
    /// Where Stripe's onboarding sends the creator back (and where an expired link leads); when left empty, the web app's
    /// creator dashboard at Platform:PublicOrigin (the address people reach the gateway at).
    /// </summary>
    public string ReturnUrl { get; set; } = "";
}

/// <summary>The reconciler lists Stripe's recent events and applies any the webhook never delivered.</summary>
public sealed class ReconcilerOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How far back each pass looks (Stripe keeps events for 30 days).</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(1);
    /// <summary>Events younger than this are left to the webhook, which Stripe is still delivering (and retrying).</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>How often gifted months that are up are ended, and unplaced gifted subscriptions refunded.</summary>
public sealed class GiftedSubscriptionOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
