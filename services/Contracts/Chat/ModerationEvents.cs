namespace AeThexLive.Contracts.Chat;

/// <summary>A chat message was removed by a moderator or the owner (or an approved report).</summary>
public sealed record ChatMessageDeleted(Guid MessageId, Guid StreamId, Guid DeletedBy, DateTime DeletedAt);

/// <summary>A user was banned (Until null) or timed out in a channel's chat.</summary>
public sealed record UserBanned(Guid ChannelId, Guid UserId, Guid BannedBy, string? Reason, DateTime? Until, DateTime BannedAt);

/// <summary>A ban or time-out was lifted before its end.</summary>
public sealed record UserUnbanned(Guid ChannelId, Guid UserId, Guid LiftedBy, DateTime LiftedAt);
