namespace AeThexLive.Payments.Ledger;

/// <summary>A channel's own creator share for one kind of payment, in basis points (10000 = 100 %), overriding the default.</summary>
public sealed class RevenueShare
{
    private RevenueShare() { }

    public RevenueShare(Guid channelId, string kind, int creatorShareBasisPoints, Guid updatedBy, DateTime now)
    {
        ChannelId = channelId;
        Kind = kind;
        Set(creatorShareBasisPoints, updatedBy, now);
    }

    public Guid ChannelId { get; private set; }
    public string Kind { get; private set; } = "";
    public int CreatorShareBasisPoints { get; private set; }
    public Guid UpdatedBy { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public void Set(int creatorShareBasisPoints, Guid updatedBy, DateTime now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(creatorShareBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(creatorShareBasisPoints, 10_000);
        CreatorShareBasisPoints = creatorShareBasisPoints;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }
}
