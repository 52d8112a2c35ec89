namespace AeThexLive.Identity.Domain;

/// <summary>
/// A single-use link sent by mail: it proves whoever follows it reads <see cref="Email"/>. Only a
/// hash is kept, so the database alone cannot be used to verify an address or reset a password.
/// </summary>
public sealed class EmailToken
{
    private EmailToken() { }

    public EmailToken(Guid id, Guid userId, string purpose, string email, byte[] tokenHash, DateTime now, DateTime expiresAt)
    {
        Id = id;
        UserId = userId;
        Purpose = purpose;
        Email = email;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Purpose { get; private set; } = "";
    /// <summary>The address the link was sent to.</summary>
    public string Email { get; private set; } = "";
    public byte[] TokenHash { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? UsedAt { get; private set; }
}

public static class EmailTokenPurposes
{
    public const string VerifyEmail = "verify-email";
    public const string ResetPassword = "reset-password";
}
