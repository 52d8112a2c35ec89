namespace AeThexLive.Payments.Domain;

public static class PayoutStatuses
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Failed = "failed";
}

public sealed class Payout
{
    private Payout() { }

    public Payout(Guid id, Guid userId, int amountCents, string currency, DateOnly periodStart, DateOnly periodEnd, DateTime now)
    {
        Id = id;
        UserId = userId;
        AmountCents = amountCents;
        Currency = currency.ToUpperInvariant();
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public int AmountCents { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string? StripePayoutId { get; private set; }
    public string Status { get; private set; } = PayoutStatuses.Pending;
    public DateOnly? PeriodStart { get; private set; }
    public DateOnly? PeriodEnd { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void MarkPaid(string stripePayoutId)
    {
        if (Status != PayoutStatuses.Pending) throw new InvalidOperationException($"A payout that is {Status} cannot be paid.");
        StripePayoutId = stripePayoutId;
        Status = PayoutStatuses.Paid;
    }

    public void MarkFailed()
    {
        if (Status != PayoutStatuses.Pending) throw new InvalidOperationException($"A payout that is {Status} cannot fail.");
        Status = PayoutStatuses.Failed;
    }
}
