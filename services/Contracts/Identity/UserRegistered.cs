namespace AeThexLive.Contracts.Identity;

/// <summary>A new account exists. Services that keep a local copy of user names add it.</summary>
public sealed record UserRegistered(Guid UserId, string Username, string? DisplayName, DateTime RegisteredAt);
