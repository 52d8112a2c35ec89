namespace AeThexLive.Contracts.Payments;

/// <summary>A donation was paid (recorded once, however often Stripe retries). DonorId is null for a guest.</summary>
public sealed record DonationCompleted(
    Guid DonationId, Guid ChannelId, Guid? DonorId, string DonorName, long AmountCents, string Currency, string? Message, DateTime CompletedAt);

/// <summary>A user subscribed to a channel (tier basic, premium or vip).</summary>
public sealed record SubscriptionStarted(Guid SubscriptionId, Guid ChannelId, Guid UserId, string Username, string Tier, DateTime StartedAt);

/// <summary>A user gifted subscriptions to others in a channel's community.</summary>
public sealed record GiftSent(Guid GiftId, Guid ChannelId, Guid SenderId, string SenderName, string Tier, int Count, DateTime SentAt);
