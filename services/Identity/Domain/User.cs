namespace AeThexLive.Identity.Domain;

public sealed class User
{
    private User() { }

    public User(Guid id, string username, string email, string? displayName, DateTime now)
    {
        Id = id;
        Username = username;
        Email = email;
        DisplayName = displayName;
        CreatedAt = now;
        UpdatedAt = now;
        Settings = new UserSettings(id, now);
    }

    public Guid Id { get; private set; }
    /// <summary>Lower case: usernames are unique regardless of case.</summary>
    public string Username { get; private set; } = "";
    /// <summary>Lower case: addresses are unique regardless of case.</summary>
    public string Email { get; private set; } = "";
    public string? DisplayName { get; private set; }
    public string? Bio { get; private set; }
    public string? AvatarUrl { get; private set; }
    public string? BannerUrl { get; private set; }
    public bool IsCreator { get; private set; }
    public bool Verified { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public UserSettings Settings { get; private set; } = null!;
    public UserCredential? Credential { get; private set; }

    public void SetPassword(string passwordHash, DateTime now)
    {
        if (Credential is null) Credential = new UserCredential(Id, passwordHash, now);
        else Credential.ReplaceHash(passwordHash, now);
    }
}

public sealed class UserSettings
{
    private UserSettings() { }

    public UserSettings(Guid userId, DateTime now)
    {
        UserId = userId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid UserId { get; private set; }
    public bool EmailNotifications { get; private set; } = true;
    public bool TwoFactorEnabled { get; private set; }
    public string PrivacyLevel { get; private set; } = PrivacyLevels.Public;
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
}

public static class PrivacyLevels
{
    public const string Public = "public";
    public const string Private = "private";
    public const string Friends = "friends";
}

/// <summary>Secrets kept apart from the profile row so a profile query never loads them.</summary>
public sealed class UserCredential
{
    private UserCredential() { }

    public UserCredential(Guid userId, string passwordHash, DateTime now)
    {
        UserId = userId;
        PasswordHash = passwordHash;
        UpdatedAt = now;
    }

    public Guid UserId { get; private set; }
    public string PasswordHash { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }

    public void ReplaceHash(string passwordHash, DateTime now)
    {
        PasswordHash = passwordHash;
        UpdatedAt = now;
    }
}

public sealed class UserFollow
{
    private UserFollow() { }

    public UserFollow(Guid followerId, Guid followingId, DateTime at)
    {
        FollowerId = followerId;
        FollowingId = followingId;
        FollowDate = at;
    }

    public Guid FollowerId { get; private set; }
    public Guid FollowingId { get; private set; }
    public DateTime FollowDate { get; private set; }
}
