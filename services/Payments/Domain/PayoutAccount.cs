namespace AeThexLive.Payments.Domain;

/// <summary>
/// A creator's Stripe Connect (Express) account, made once per user. Whether it can be paid follows Stripe's
/// <c>account.updated</c> events; an older event than the one last applied changes nothing.
/// </summary>
public sealed class PayoutAccount
{
    private PayoutAccount() { }

    public PayoutAccount(Guid userId, string stripeAccountId, DateTime now)
    {
        UserId = userId;
        StripeAccountId = stripeAccountId;
        CreatedAt = now;
    }

    public Guid UserId { get; private set; }
    public string StripeAccountId { get; private set; } = "";
    public bool DetailsSubmitted { get; private set; }
    public bool PayoutsEnabled { get; private set; }
    /// <summary>When Stripe produced the state recorded here (the event's creation time).</summary>
    public DateTime? StatusAt { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <returns>Whether this state is newer than the one recorded (and so was applied).</returns>
    public bool Update(bool detailsSubmitted, bool payoutsEnabled, DateTime at)
    {
        if (StatusAt is { } known && known > at) return false;
        DetailsSubmitted = detailsSubmitted;
        PayoutsEnabled = payoutsEnabled;
        StatusAt = at;
        return true;
    }
}
