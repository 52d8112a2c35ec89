namespace AeThexLive.Contracts.Identity;

/// <summary>A user changed what others see of them. Local copies of names and avatars follow it.</summary>
public sealed record UserProfileUpdated(
    Guid UserId, string Username, string? DisplayName, string? AvatarUrl, bool IsCreator, bool Verified, DateTime UpdatedAt);
