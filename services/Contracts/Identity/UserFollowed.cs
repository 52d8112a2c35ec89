namespace AeThexLive.Contracts.Identity;

/// <summary>One user started following another (published once per new follow, never for a repeated one).</summary>
public sealed record UserFollowed(Guid FollowerId, Guid FollowingId, DateTime FollowedAt);

/// <summary>A follow that existed was removed.</summary>
public sealed record UserUnfollowed(Guid FollowerId, Guid FollowingId, DateTime UnfollowedAt);
