namespace AeThexLive.Contracts.Payments;

/// <summary>A donation was paid (recorded once, however often Stripe retries). DonorId is null for a guest.</summary>
public sealed record DonationCompleted(
    Guid DonationId, Guid ChannelId, Guid? DonorId, string DonorName, long AmountCents, string Currency, string? Message, DateTime CompletedAt);

/// <summary>
/// A user subscribed to a channel (tier basic, premium or vip). A gifted month names its gifter and when it ends (it never
/// renews); those fields came later and are null for a subscription the user pays for.
/// </summary>
public sealed record SubscriptionStarted(
    Guid SubscriptionId, Guid ChannelId, Guid UserId, string Username, string Tier, DateTime StartedAt,
    Guid? GifterId = null, string? GifterName = null, DateTime? GiftedUntil = null);

/// <summary>
/// A paid gift in a channel, published once: gifted subscriptions (Tier is the subscription tier) or a virtual gift
/// (Tier is the gift's type, e.g. rocket, so an alert that shows the tier shows what was sent). The fields after SentAt
/// came later and default when an older publisher leaves them out.
/// </summary>
public sealed record GiftSent(
    Guid GiftId, Guid ChannelId, Guid SenderId, string SenderName, string Tier, int Count, DateTime SentAt,
    string? GiftType = null, long? AmountCents = null, string? Currency = null, string? Message = null,
    Guid? RecipientId = null, string? RecipientName = null, Guid? StreamId = null);

/// <summary>A subscription's renewal was paid: it lasts until RenewalDate.</summary>
public sealed record SubscriptionRenewed(
    Guid SubscriptionId, Guid ChannelId, Guid UserId, string Username, string Tier, DateTime RenewedAt, DateTime? RenewalDate);

/// <summary>A subscription ended for good (cancelled and its period over, payments failed, or never paid).</summary>
public sealed record SubscriptionEnded(Guid SubscriptionId, Guid ChannelId, Guid UserId, string Tier, DateTime EndedAt);
