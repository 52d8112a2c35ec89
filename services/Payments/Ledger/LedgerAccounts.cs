namespace AeThexLive.Payments.Ledger;

/// <summary>
/// The accounts money moves between. Amounts are signed, debits positive and credits negative, so the entries of
/// one transaction sum to zero per currency. Assets and expenses (Stripe balance, Stripe fees) grow with debits;
/// what the platform owes or earns (a creator's payable, platform revenue) grows with credits.
/// </summary>
public static class LedgerAccounts
{
    /// <summary>Money held at Stripe for the platform (net of Stripe's fees).</summary>
    public const string StripeBalance = "stripe_balance";
    /// <summary>What Stripe kept, cumulatively: the platform's processing expense.</summary>
    public const string StripeFees = "stripe_fees";
    /// <summary>The platform's gross share plus the fees it recovers from creators; net income is this less <see cref="StripeFees"/>.</summary>
    public const string PlatformRevenue = "platform_revenue";
    /// <summary>Owed to a channel's creator but still on hold (refunds and disputes are likeliest then).</summary>
    public const string CreatorPending = "creator_pending";
    /// <summary>Owed to a channel's creator and free to be paid out.</summary>
    public const string CreatorAvailable = "creator_available";

    /// <summary>Accounts that belong to one channel (their entries carry its id).</summary>
    public static bool IsPerChannel(string account) => account is CreatorPending or CreatorAvailable;
}

/// <summary>Why a ledger transaction exists.</summary>
public static class LedgerKinds
{
    /// <summary>A pending creator share becomes available once its hold has passed.</summary>
    public const string Release = "release";
    /// <summary>Money given back by a refund: a reversal of part or all of a payment.</summary>
    public const string Refund = "refund";
    /// <summary>Money taken back by a chargeback (with Stripe's dispute fee), or given back when the dispute is won.</summary>
    public const string Dispute = "dispute";
    /// <summary>A creator's available balance leaves for their connected account (business key <c>payout:{id}</c>).</summary>
    public const string Payout = "payout";
    /// <summary>A failed payout's money back in the creator's balance (business key <c>payout-failed:{id}</c>).</summary>
    public const string PayoutFailure = "payout_failure";
}
