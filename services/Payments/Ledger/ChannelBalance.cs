namespace AeThexLive.Payments.Ledger;

/// <summary>
/// What a channel's creator is owed in one currency, pending and available. Kept by a database trigger from every
/// creator entry in the ledger (never written by code, refused if tried), so it always equals the entries' sum.
/// </summary>
public sealed class ChannelBalance
{
    private ChannelBalance() { }

    public Guid ChannelId { get; private set; }
    public string Currency { get; private set; } = "";
    public long PendingCents { get; private set; }
    public long AvailableCents { get; private set; }
    public DateTime UpdatedAt { get; private set; }
}
