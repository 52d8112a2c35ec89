namespace AeThexLive.Identity.Domain;

/// <summary>
/// One link in a sign-in's chain of refresh tokens. Only a hash is kept; each use replaces
/// the token with a new one in the same family, and a second use of any link is treated
/// as theft and ends the whole family.
/// </summary>
public sealed class RefreshToken
{
    private RefreshToken() { }

    public RefreshToken(Guid id, Guid userId, Guid familyId, byte[] tokenHash, DateTime now, DateTime expiresAt)
    {
        Id = id;
        UserId = userId;
        FamilyId = familyId;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public Guid FamilyId { get; private set; }
    public byte[] TokenHash { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? UsedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public string? RevokedReason { get; private set; }

    public void MarkUsed(DateTime now)
    {
        if (UsedAt is not null) throw new InvalidOperationException("A refresh token is used once.");
        UsedAt = now;
    }
}

public static class RevocationReasons
{
    public const string Logout = "logout";
    public const string Reuse = "reuse";
    public const string Everywhere = "signed-out-everywhere";
    public const string PasswordReset = "password-reset";
}
