namespace AeThexLive.Contracts.Streaming;

/// <summary>A user opened a channel. Identity makes its owner a creator; others keep a copy of the channel.</summary>
public sealed record ChannelCreated(Guid ChannelId, Guid OwnerId, string Slug, string Name, DateTime CreatedAt);

/// <summary>A channel's public details changed.</summary>
public sealed record ChannelUpdated(Guid ChannelId, Guid OwnerId, string Slug, string Name, string? Category, string? Language, DateTime UpdatedAt);

public sealed record ChannelFollowed(Guid ChannelId, Guid UserId, DateTime FollowedAt);

public sealed record ChannelUnfollowed(Guid ChannelId, Guid UserId, DateTime UnfollowedAt);
