namespace AeThexLive.Contracts.Streaming;

/// <summary>A user opened a channel. Identity makes its owner a creator.</summary>
public sealed record ChannelCreated(Guid ChannelId, Guid OwnerId, string Slug, string Name, DateTime CreatedAt);
