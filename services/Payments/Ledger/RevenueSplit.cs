namespace AeThexLive.Payments.Ledger;

/// <summary>
/// How one payment divides, in whole cents. The rounding rule: the creator's share of the gross is rounded down
/// (<c>gross × basisPoints / 10000</c> in integers) and the platform takes the rest, so the two always add up to the
/// gross and the platform never owes more than it took. Stripe's fee is then borne by the creator (donations, virtual
/// gifts: the creator gets 100 % less the fee) or by the platform (subscriptions: the creator gets a clean share).
/// </summary>
public sealed record RevenueSplit(long GrossCents, long FeeCents, long CreatorCents)
{
    /// <summary>What the platform keeps after paying the creator and Stripe.</summary>
    public long PlatformNetCents => GrossCents - FeeCents - CreatorCents;

    public static RevenueSplit Of(long grossCents, long feeCents, int creatorShareBasisPoints, bool creatorBearsFee)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(grossCents);
        ArgumentOutOfRangeException.ThrowIfNegative(feeCents);
        ArgumentOutOfRangeException.ThrowIfNegative(creatorShareBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(creatorShareBasisPoints, 10_000);
        var creatorGross = grossCents * creatorShareBasisPoints / 10_000;
        return new RevenueSplit(grossCents, feeCents, creatorBearsFee ? creatorGross - feeCents : creatorGross);
    }

    /// <summary>
    /// The payment as a ledger transaction: Stripe's balance gains the net, its fee is booked as an expense, the
    /// creator's pending payable is credited with their share, and platform revenue with the rest (its gross share
    /// plus the fee a creator bore, so the platform's net income, revenue less fees, is exactly its share less what
    /// it bore of the fee).
    /// </summary>
    public LedgerTransaction.Builder PostTo(LedgerTransaction.Builder transaction, Guid channelId, string currency) => transaction
        .Post(LedgerAccounts.StripeBalance, GrossCents - FeeCents, currency)
        .Post(LedgerAccounts.StripeFees, FeeCents, currency)
        .Post(LedgerAccounts.CreatorPending, -CreatorCents, currency, channelId)
        .Post(LedgerAccounts.PlatformRevenue, -(GrossCents - CreatorCents), currency);
}
