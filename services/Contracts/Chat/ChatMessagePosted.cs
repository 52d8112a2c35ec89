namespace AeThexLive.Contracts.Chat;

/// <summary>A chat message was stored and shown (ids and time only, never the text), for Analytics.</summary>
public sealed record ChatMessagePosted(Guid MessageId, Guid StreamId, Guid ChannelId, Guid UserId, DateTime PostedAt);
