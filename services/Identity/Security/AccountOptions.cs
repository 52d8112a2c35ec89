namespace AeThexLive.Identity.Security;

/// <summary>Settings under "Identity" in configuration.</summary>
public sealed class AccountOptions
{
    public const string Section = "Identity";

    /// <summary>The username that is made admin when it registers (or at start-up when it exists).</summary>
    public string? InitialAdmin { get; set; }

    public LockoutOptions Lockout { get; set; } = new();
    public TokenOptions Tokens { get; set; } = new();
    public EmailOptions Email { get; set; } = new();
}

public sealed class EmailOptions
{
    public TimeSpan VerificationLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan ResetLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>The least time between two links of one kind to one user (a re-send inside it is refused, a reset request ignored).</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Links of one kind one user can be sent in a day.</summary>
    public int MaxPerDay { get; set; } = 5;
}

public sealed class LockoutOptions
{
    /// <summary>Consecutive failed sign-ins (wrong password or wrong code) from one address that lock the account for that address.</summary>
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>
    /// Failed sign-ins to one account from anywhere (since its last successful one) after which
    /// addresses it was never signed in from must wait <see cref="AccountThrottle"/>: guessing
    /// spread over many addresses slows down, while the owner at a known address signs in as usual.
    /// </summary>
    public int AccountCeiling { get; set; } = 20;
    public TimeSpan AccountThrottle { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class TokenOptions
{
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>How long a key signs before the next one takes over.</summary>
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(30);
    /// <summary>
    /// A new key is published this long before it signs anything, so every service's cached
    /// key set (re-read every 5 minutes) already holds it when the first token arrives.
    /// </summary>
    public TimeSpan KeyPublicationLead { get; set; } = TimeSpan.FromMinutes(10);
}
