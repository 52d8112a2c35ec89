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
    /// <summary>The owner of <see cref="Email"/> followed a link sent to it.</summary>
    public bool EmailVerified { get; private set; }
    /// <summary>A new address waiting for its owner to confirm it; <see cref="Email"/> stays in use until then.</summary>
    public string? PendingEmail { get; private set; }
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
    public List<UserRole> GrantedRoles { get; private set; } = [];

    /// <summary>Roles the access token carries: granted ones plus those the profile implies.</summary>
    public IReadOnlyList<string> Roles =>
    [
        .. GrantedRoles.Select(r => r.Role),
        .. IsCreator ? [AeThexLive.ServiceDefaults.Roles.Creator] : Array.Empty<string>(),
        .. Verified ? [AeThexLive.ServiceDefaults.Roles.Verified] : Array.Empty<string>(),
    ];

    public void SetPassword(string passwordHash, DateTime now)
    {
        if (Credential is null) Credential = new UserCredential(Id, passwordHash, now);
        else Credential.ReplaceHash(passwordHash, now);
    }

    /// <summary>Applies a profile edit: null leaves a field as it is, an empty string clears it.</summary>
    public void UpdateProfile(string? displayName, string? bio, string? avatarUrl, string? bannerUrl, DateTime now)
    {
        if (displayName is not null) DisplayName = displayName.Length == 0 ? null : displayName;
        if (bio is not null) Bio = bio.Length == 0 ? null : bio;
        if (avatarUrl is not null) AvatarUrl = avatarUrl.Length == 0 ? null : avatarUrl;
        if (bannerUrl is not null) BannerUrl = bannerUrl.Length == 0 ? null : bannerUrl;
        UpdatedAt = now;
    }

    /// <summary>Asks to move to another address; it takes over only when a link sent to it is followed.</summary>
    public void RequestEmailChange(string email, DateTime now)
    {
        PendingEmail = email == Email ? null : email;
        UpdatedAt = now;
    }

    /// <summary>
    /// A link sent to <paramref name="address"/> was followed: that address is the user's and verified.
    /// False when it is neither the current nor the pending address any more (changed again since it was sent).
    /// </summary>
    public bool ConfirmEmail(string address, DateTime now)
    {
        if (address == PendingEmail)
        {
            Email = address;
            PendingEmail = null;
        }
        else if (address != Email)
        {
            return false;
        }
        EmailVerified = true;
        UpdatedAt = now;
        return true;
    }

    public bool SetVerified(bool verified, DateTime now)
    {
        if (Verified == verified) return false;
        Verified = verified;
        UpdatedAt = now;
        return true;
    }

    public bool Grant(string role, DateTime now)
    {
        if (GrantedRoles.Any(r => r.Role == role)) return false;
        GrantedRoles.Add(new UserRole(Id, role, now));
        return true;
    }
}

/// <summary>A role given explicitly (admin); creator and verified live on the user row.</summary>
public sealed class UserRole
{
    private UserRole() { }

    public UserRole(Guid userId, string role, DateTime grantedAt)
    {
        UserId = userId;
        Role = role;
        GrantedAt = grantedAt;
    }

    public Guid UserId { get; private set; }
    public string Role { get; private set; } = "";
    public DateTime GrantedAt { get; private set; }
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

    public void Update(bool emailNotifications, string privacyLevel, DateTime now)
    {
        if (!PrivacyLevels.IsKnown(privacyLevel)) throw new ArgumentOutOfRangeException(nameof(privacyLevel), privacyLevel, null);
        EmailNotifications = emailNotifications;
        PrivacyLevel = privacyLevel;
        UpdatedAt = now;
    }

    internal void SetTwoFactor(bool enabled, DateTime now)
    {
        TwoFactorEnabled = enabled;
        UpdatedAt = now;
    }
}

public static class PrivacyLevels
{
    public const string Public = "public";
    public const string Private = "private";
    public const string Friends = "friends";

    public static bool IsKnown(string? level) => level is Public or Private or Friends;
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

    /// <summary>
    /// Failed sign-ins to the account from any address since the last success or throttle
    /// (changed only by atomic updates in AccountLockout; the per-address counts are AddressLock's).
    /// </summary>
    public int FailedLoginCount { get; private set; }
    /// <summary>Until when addresses the owner never signed in from must wait (the account-wide ceiling was reached).</summary>
    public DateTime? LockoutEnd { get; private set; }

    /// <summary>Base32 TOTP secret in use once two-factor is on.</summary>
    public string? TotpSecret { get; private set; }
    /// <summary>Secret handed out by set-up, waiting to be confirmed with a code.</summary>
    public string? PendingTotpSecret { get; private set; }
    /// <summary>The last 30-second step a code was accepted for: a step is never accepted twice.</summary>
    public long? LastTotpStep { get; private set; }

    public bool TwoFactorEnabled => TotpSecret is not null;

    public void ReplaceHash(string passwordHash, DateTime now)
    {
        PasswordHash = passwordHash;
        UpdatedAt = now;
    }

    public void BeginTwoFactorSetup(string secret, DateTime now)
    {
        if (TwoFactorEnabled) throw new InvalidOperationException("Two-factor is already on.");
        PendingTotpSecret = secret;
        UpdatedAt = now;
    }

    public void EnableTwoFactor(UserSettings settings, DateTime now)
    {
        TotpSecret = PendingTotpSecret ?? throw new InvalidOperationException("Two-factor set-up was not started.");
        PendingTotpSecret = null;
        UpdatedAt = now;
        settings.SetTwoFactor(true, now);
    }

    public void DisableTwoFactor(UserSettings settings, DateTime now)
    {
        TotpSecret = null;
        PendingTotpSecret = null;
        UpdatedAt = now;
        settings.SetTwoFactor(false, now);
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
