namespace AeThexLive.Chat.Domain;

/// <summary>
/// Chat's copy of a user's subscription to a channel (from Payments' SubscriptionStarted/Renewed/Ended), so each message
/// can carry its sender's tier for a badge without asking Payments. One row per (user, channel), following the newest
/// subscription: ids are version-7 Guids, so a later subscription's id is greater and an event about an older one, arriving
/// late, changes nothing. An ended subscription stays ended whatever arrives after.
/// </summary>
public sealed class SubscriberReplica
{
    private SubscriberReplica() { }

    public SubscriberReplica(Guid userId, Guid channelId, Guid subscriptionId, string tier, bool ended, DateTime at)
    {
        UserId = userId;
        ChannelId = channelId;
        SubscriptionId = subscriptionId;
        Tier = tier;
        Ended = ended;
        UpdatedAt = at;
    }

    public Guid UserId { get; private set; }
    public Guid ChannelId { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public string Tier { get; private set; } = "";
    public bool Ended { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>The tier a badge shows, or null when the user does not subscribe.</summary>
    public string? BadgeTier => Ended ? null : Tier;

    /// <summary>Takes what an event tells of <paramref name="subscriptionId"/>, unless it is older than the one kept or already ended.</summary>
    public void Apply(Guid subscriptionId, string tier, bool ended, DateTime at)
    {
        var comparison = subscriptionId.CompareTo(SubscriptionId);
        if (comparison < 0 || (comparison == 0 && Ended)) return;
        SubscriptionId = subscriptionId;
        Tier = tier;
        Ended = ended;
        UpdatedAt = at;
    }
}
