namespace AeThexLive.Payments.Domain;

public static class SubscriptionTiers
{
    public const string Basic = "basic";
    public const string Premium = "premium";
    public const string Vip = "vip";

    public static readonly IReadOnlyList<string> All = [Basic, Premium, Vip];

    /// <summary>The Stripe price's lookup key of a tier (the sandbox makes these at start-up).</summary>
    public static string LookupKey(string tier) => $"tier_{tier}";

    /// <summary>The tier a price's lookup key names, or null for a price that is not one of ours.</summary>
    public static string? FromLookupKey(string? lookupKey) =>
        lookupKey is not null && lookupKey.StartsWith("tier_", StringComparison.Ordinal) && All.Contains(lookupKey[5..]) ? lookupKey[5..] : null;
}

/// <summary>
/// Where a subscription stands, as Stripe's state says: incomplete until its first invoice is paid, active, past_due
/// after a renewal's charge failed (access kept while Stripe retries), expired when Stripe ended it (final).
/// </summary>
public static class SubscriptionStatuses
{
    public const string Incomplete = "incomplete";
    public const string Active = "active";
    public const string PastDue = "past_due";
    public const string Expired = "expired";

    /// <summary>Statuses that hold the (user, channel) pair: a second subscription to the same channel is refused while one lives.</summary>
    public static readonly IReadOnlyList<string> Live = [Incomplete, Active, PastDue];

    /// <summary>Statuses with a subscriber's benefits (a badge, the subscribers list).</summary>
    public static readonly IReadOnlyList<string> Entitled = [Active, PastDue];

    /// <summary>Ours for a Stripe subscription status.</summary>
    public static string FromStripe(string stripeStatus) => stripeStatus switch
    {
        "incomplete" => Incomplete,
        "active" or "trialing" => Active,
        "past_due" or "unpaid" or "paused" => PastDue,
        _ => Expired,
    };
}

/// <summary>
/// A viewer's monthly subscription to a channel, billed by a Stripe subscription. Its state is Stripe's, copied by
/// <see cref="SyncFrom"/> whenever an event about it arrives (so the order events arrive in does not matter), except
/// that expired is final.
/// </summary>
public sealed class Subscription
{
    private Subscription() { }

    public Subscription(Guid id, Guid subscriberId, string subscriberName, Guid channelId, string tier, int priceCents, DateTime now)
    {
        Id = id;
        SubscriberId = subscriberId;
        SubscriberName = subscriberName;
        ChannelId = channelId;
        Tier = tier;
        PriceCents = priceCents;
        Status = SubscriptionStatuses.Incomplete;
        StartedAt = now;
        CreatedAt = now;
    }

    /// <summary>
    /// A month given by <paramref name="giftId"/>'s buyer: active at once, never renewing, no Stripe subscription behind it;
    /// it expires at <see cref="RenewalDate"/> (<see cref="ExpireGifted"/>).
    /// </summary>
    public static Subscription Gifted(Guid id, Guid subscriberId, string subscriberName, Guid channelId, string tier, int priceCents,
        Guid giftId, Guid gifterId, DateTime start) =>
        new(id, subscriberId, subscriberName, channelId, tier, priceCents, start)
        {
            Status = SubscriptionStatuses.Active,
            AutoRenew = false,
            RenewalDate = GiftedSubscriptionTypes.EndOf(start),
            GiftId = giftId,
            GifterId = gifterId,
        };

    public Guid Id { get; private set; }
    public Guid SubscriberId { get; private set; }
    public string SubscriberName { get; private set; } = "";
    public Guid ChannelId { get; private set; }
    public string Tier { get; private set; } = SubscriptionTiers.Basic;
    public int PriceCents { get; private set; }
    public string? StripeSubscriptionId { get; private set; }
    /// <summary>Paying the first invoice from the browser; kept until it is paid.</summary>
    public string? ClientSecret { get; private set; }
    public string Status { get; private set; } = SubscriptionStatuses.Incomplete;
    public DateTime StartedAt { get; private set; }
    public DateTime? EndedAt { get; private set; }
    /// <summary>False once cancelled: access lasts until <see cref="RenewalDate"/>, then it expires.</summary>
    public bool AutoRenew { get; private set; } = true;
    /// <summary>The end of the paid period (Stripe's current_period_end): the next charge, or the end of access.</summary>
    public DateTime? RenewalDate { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>The gift that paid for this month (null for a subscription billed by Stripe).</summary>
    public Guid? GiftId { get; private set; }
    public Guid? GifterId { get; private set; }

    public bool IsGifted => GiftId is not null;

    public bool IsActive => Status == SubscriptionStatuses.Active;

    public bool IsExpired => Status == SubscriptionStatuses.Expired;

    public void AttachStripe(string stripeSubscriptionId, string? clientSecret, DateTime? renewalDate)
    {
        StripeSubscriptionId = stripeSubscriptionId;
        ClientSecret = clientSecret;
        RenewalDate = renewalDate;
    }

    /// <summary>Ends a gifted month whose time is up.</summary>
    /// <returns>true when this call ended it.</returns>
    public bool ExpireGifted(DateTime now)
    {
        if (!IsGifted || IsExpired || RenewalDate is not { } end || end > now) return false;
        Status = SubscriptionStatuses.Expired;
        EndedAt = end;
        return true;
    }

    /// <summary>Takes Stripe's current state of this subscription.</summary>
    /// <returns>true when this call ended it (it was not expired before).</returns>
    public bool SyncFrom(StripeSubscriptionState state)
    {
        if (IsExpired) return false;
        Status = SubscriptionStatuses.FromStripe(state.StripeStatus);
        if (state.Tier is { } tier)
        {
            Tier = tier;
            PriceCents = state.PriceCents;
        }
        RenewalDate = state.CurrentPeriodEnd;
        AutoRenew = !state.CancelAtPeriodEnd && !IsExpired;
        if (Status != SubscriptionStatuses.Incomplete) ClientSecret = null;
        if (!IsExpired) return false;
        EndedAt = state.EndedAt ?? state.CurrentPeriodEnd;
        return true;
    }
}

/// <summary>What Payments keeps of a Stripe subscription's state.</summary>
public sealed record StripeSubscriptionState(
    string StripeStatus, string? Tier, int PriceCents, DateTime? CurrentPeriodEnd, bool CancelAtPeriodEnd, DateTime? EndedAt);

/// <summary>A user's Stripe customer, made once (the first subscription) and kept for every later one.</summary>
public sealed class PaymentCustomer
{
    private PaymentCustomer() { }

    public Guid UserId { get; private set; }
    public string StripeCustomerId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}
