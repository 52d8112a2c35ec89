namespace AeThexLive.Payments.Domain;

public static class SubscriptionTiers
{
    public const string Basic = "basic";
    public const string Premium = "premium";
    public const string Vip = "vip";

    public static readonly IReadOnlyList<string> All = [Basic, Premium, Vip];
}

public static class SubscriptionStatuses
{
    public const string Active = "active";
    public const string Cancelled = "cancelled";
    public const string Expired = "expired";
}

public sealed class Subscription
{
    private Subscription() { }

    public Subscription(Guid id, Guid subscriberId, Guid channelId, string tier, int priceCents, string? stripeSubscriptionId, DateTime now)
    {
        Id = id;
        SubscriberId = subscriberId;
        ChannelId = channelId;
        Tier = tier;
        PriceCents = priceCents;
        StripeSubscriptionId = stripeSubscriptionId;
        StartedAt = now;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SubscriberId { get; private set; }
    public Guid ChannelId { get; private set; }
    public string Tier { get; private set; } = SubscriptionTiers.Basic;
    public int PriceCents { get; private set; }
    public string? StripeSubscriptionId { get; private set; }
    public string Status { get; private set; } = SubscriptionStatuses.Active;
    public DateTime StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    public bool AutoRenew { get; private set; } = true;
    public DateTime CreatedAt { get; private set; }

    public bool IsActive => Status == SubscriptionStatuses.Active;

    public void Cancel(DateTime at)
    {
        if (!IsActive) return;
        Status = SubscriptionStatuses.Cancelled;
        AutoRenew = false;
        EndedAt = at;
    }

    public void Expire(DateTime at)
    {
        if (!IsActive) return;
        Status = SubscriptionStatuses.Expired;
        EndedAt = at;
    }
}
