namespace AeThexLive.Payments.Domain;

/// <summary>
/// One leg of a money movement. Entries are only ever added; the legs of one movement sum to
/// zero, and a balance is the sum of an account's entries.
/// </summary>
public sealed class LedgerEntry
{
    private LedgerEntry() { }

    public LedgerEntry(Guid id, string account, Guid? userId, long amountCents, string currency, string referenceType, Guid referenceId, DateTime now)
    {
        Id = id;
        Account = account;
        UserId = userId;
        AmountCents = amountCents;
        Currency = currency.ToUpperInvariant();
        ReferenceType = referenceType;
        ReferenceId = referenceId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Account { get; private set; } = "";
    public Guid? UserId { get; private set; }
    public long AmountCents { get; private set; }
    public string Currency { get; private set; } = "USD";
    /// <summary>What caused the movement ("donation", "subscription", "gift", "payout").</summary>
    public string ReferenceType { get; private set; } = "";
    public Guid ReferenceId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The two legs moving <paramref name="amountCents"/> from one account to another.</summary>
    public static (LedgerEntry Debit, LedgerEntry Credit) Transfer(
        string fromAccount, Guid? fromUserId, string toAccount, Guid? toUserId,
        long amountCents, string currency, string referenceType, Guid referenceId, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountCents);
        return (new LedgerEntry(Guid.CreateVersion7(), fromAccount, fromUserId, -amountCents, currency, referenceType, referenceId, now),
                new LedgerEntry(Guid.CreateVersion7(), toAccount, toUserId, amountCents, currency, referenceType, referenceId, now));
    }
}

/// <summary>A Stripe webhook event already applied; its id is the key, so a replay is recognised.</summary>
public sealed class ProcessedWebhookEvent
{
    private ProcessedWebhookEvent() { }

    public ProcessedWebhookEvent(string eventId, DateTime receivedAt)
    {
        EventId = eventId;
        ReceivedAt = receivedAt;
    }

    public string EventId { get; private set; } = "";
    public DateTime ReceivedAt { get; private set; }
}
