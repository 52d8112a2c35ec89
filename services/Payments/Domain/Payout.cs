namespace AeThexLive.Payments.Domain;

public static class PayoutStatuses
{
    /// <summary>Claimed and booked; the transfer and the bank payout are being made, or are on their way.</summary>
    public const string Pending = "pending";
    public const string Paid = "paid";
    /// <summary>The bank (or Stripe) refused it; the money is back in the creator's balance.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// One channel's payout for one period and currency: a transfer to the owner's connected account, then a payout from
/// there to their bank. Unique per (channel, currency, period end), and booked in the ledger once when it is claimed.
/// </summary>
public sealed class Payout
{
    private Payout() { }

    public Payout(Guid id, Guid channelId, Guid userId, string stripeAccountId, long amountCents, string currency, DateOnly? periodStart,
        DateOnly periodEnd, DateTime now)
    {
        Id = id;
        ChannelId = channelId;
        UserId = userId;
        StripeAccountId = stripeAccountId;
        AmountCents = amountCents;
        Currency = currency.ToUpperInvariant();
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ChannelId { get; private set; }
    /// <summary>The channel's owner when it was paid: whose connected account received it.</summary>
    public Guid UserId { get; private set; }
    public string StripeAccountId { get; private set; } = "";
    public long AmountCents { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string? StripeTransferId { get; private set; }
    public string? StripePayoutId { get; private set; }
    public string Status { get; private set; } = PayoutStatuses.Pending;
    public string? FailureCode { get; private set; }
    /// <summary>The day after the previous payout's period (null for a channel's first payout).</summary>
    public DateOnly? PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public bool IsSent => StripePayoutId is not null;

    public void Sent(string transferId, string payoutId, DateTime now)
    {
        StripeTransferId = transferId;
        StripePayoutId = payoutId;
        UpdatedAt = now;
    }

    /// <returns>Whether this changed it (a pending payout only).</returns>
    public bool MarkPaid(DateTime now)
    {
        if (Status != PayoutStatuses.Pending) return false;
        Status = PayoutStatuses.Paid;
        UpdatedAt = now;
        return true;
    }

    /// <returns>Whether this changed it: a payout fails once, and only before it is paid.</returns>
    public bool MarkFailed(string failureCode, DateTime now)
    {
        if (Status != PayoutStatuses.Pending) return false;
        Status = PayoutStatuses.Failed;
        FailureCode = failureCode;
        UpdatedAt = now;
        return true;
    }
}
