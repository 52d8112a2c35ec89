using System.Security.Cryptography;
using AeThexLive.Identity.Data;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace AeThexLive.Identity.Security;

/// <summary>
/// TOTP as authenticator apps do it (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits). A code
/// from the step before or after is accepted for clock drift, but each step only once per user.
/// </summary>
public sealed class TwoFactorCodes(IdentityDbContext db, TimeProvider clock)
{
    private const string IssuerName = "AeThex LIVE";
    private static readonly VerificationWindow DriftWindow = new(previous: 1, future: 1);

    public static string NewSecret() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));

    public static string ProvisioningUri(string secret, string username) =>
        $"otpauth://totp/{Uri.EscapeDataString(IssuerName)}:{Uri.EscapeDataString(username)}" +
        $"?secret={secret}&issuer={Uri.EscapeDataString(IssuerName)}&algorithm=SHA1&digits=6&period=30";

    public static bool IsWellFormed(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);

    /// <summary>The time step the code belongs to, or null when it matches none near now.</summary>
    public long? Match(string secret, string code)
    {
        if (!IsWellFormed(code)) return null;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, DriftWindow) ? step : null;
    }

    /// <summary>
    /// Accepts a code once: records its step unless this or a later step was already used.
    /// One conditional UPDATE, so two requests racing with the same code cannot both pass.
    /// </summary>
    public async Task<bool> VerifyOnceAsync(Guid userId, string secret, string? code, CancellationToken cancellationToken)
    {
        if (code is null || Match(secret, code) is not { } step) return false;
        var claimed = await db.UserCredentials
            .Where(c => c.UserId == userId && (c.LastTotpStep == null || c.LastTotpStep < step))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastTotpStep, step), cancellationToken);
        return claimed == 1;
    }
}
