namespace AeThexLive.Payments.Ledger;

/// <summary>One leg of a ledger transaction: an amount (debit positive, credit negative) on one account.</summary>
public sealed class LedgerEntry
{
    private LedgerEntry() { }

    internal LedgerEntry(Guid transactionId, string account, Guid? channelId, long amountCents, string currency)
    {
        Id = Guid.CreateVersion7();
        TransactionId = transactionId;
        Account = account;
        ChannelId = channelId;
        AmountCents = amountCents;
        Currency = currency;
    }

    public Guid Id { get; private set; }
    public Guid TransactionId { get; private set; }
    public string Account { get; private set; } = "";
    /// <summary>The channel whose creator the account belongs to; null for the platform's accounts.</summary>
    public Guid? ChannelId { get; private set; }
    public long AmountCents { get; private set; }
    public string Currency { get; private set; } = "";
}
