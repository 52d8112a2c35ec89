using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using Microsoft.EntityFrameworkCore;
using AeThexLive.ServiceDefaults.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AeThexLive.Identity.Security;

public enum RefreshOutcome { Rotated, Invalid, Expired, Reused }

public sealed record RefreshResult(RefreshOutcome Outcome, Guid UserId = default, string? NewToken = null, Guid SessionId = default);

/// <summary>A new sign-in's first refresh token, and the session (token family) its access tokens name.</summary>
public sealed record NewSession(string RefreshToken, Guid SessionId);

/// <summary>
/// Opaque refresh tokens: 256 random bits handed out once, kept only as a SHA-256 hash.
/// Every use swaps the token for a new one in the same family; a token used twice means
/// someone else holds a copy, so the whole family is revoked. A family is a session: its access
/// tokens carry its id, and revoking it tells the gateway to refuse them at once.
/// </summary>
public sealed class RefreshTokenStore(IdentityDbContext db, IOptions<AccountOptions> options, TimeProvider clock, IConnectionMultiplexer redis)
{
    /// <summary>Adds the first token of a new session to the context (saved with the caller's changes).</summary>
    public NewSession StartSession(Guid userId)
    {
        var sessionId = Guid.CreateVersion7();
        return new NewSession(Create(userId, sessionId), sessionId);
    }

    private string Create(Guid userId, Guid familyId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken(Guid.CreateVersion7(), userId, familyId, Hash(value), now,
            now + options.Value.Tokens.RefreshTokenLifetime));
        return value;
    }

    /// <summary>
    /// Uses a token: marks it used and saves a successor, or on a second use revokes its family.
    /// The row is locked so two simultaneous uses cannot both succeed.
    /// </summary>
    public async Task<RefreshResult> RotateAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = (await db.RefreshTokens
            .FromSql($"SELECT * FROM refresh_tokens WHERE token_hash = {hash} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        var now = clock.GetUtcNow().UtcDateTime;

        if (token is null || token.RevokedAt is not null) return new RefreshResult(RefreshOutcome.Invalid);
        if (token.UsedAt is not null)
        {
            await RevokeFamilyAsync(token.FamilyId, RevocationReasons.Reuse, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await AnnounceAsync([token.FamilyId]);
            return new RefreshResult(RefreshOutcome.Reused, token.UserId);
        }
        if (token.ExpiresAt <= now) return new RefreshResult(RefreshOutcome.Expired, token.UserId);

        token.MarkUsed(now);
        var successor = Create(token.UserId, token.FamilyId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RefreshResult(RefreshOutcome.Rotated, token.UserId, successor, token.FamilyId);
    }

    /// <summary>Ends the sign-in a token belongs to, if it is the user's; returns whether it was found.</summary>
    public async Task<bool> RevokeAsync(string presented, Guid userId, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var familyId = await db.RefreshTokens.Where(t => t.TokenHash == hash && t.UserId == userId)
            .Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(cancellationToken);
        if (familyId is null) return false;
        await RevokeFamilyAsync(familyId.Value, RevocationReasons.Logout, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await AnnounceAsync([familyId.Value]);
        return true;
    }

    /// <summary>Ends every session of the user (sign out everywhere, a password reset); returns how many were live.</summary>
    public async Task<int> RevokeAllAsync(Guid userId, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var families = await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => t.FamilyId).Distinct().ToListAsync(cancellationToken);
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), cancellationToken);
        await AnnounceAsync(families);
        return families.Count;
    }

    /// <summary>Access tokens of these sessions stop working at the gateway now, not when they expire.</summary>
    private Task AnnounceAsync(IReadOnlyCollection<Guid> sessionIds) =>
        redis.RevokeAsync(sessionIds, clock.GetUtcNow(), options.Value.Tokens.AccessTokenLifetime);

    private Task<int> RevokeFamilyAsync(Guid familyId, string reason, DateTime now, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, reason), cancellationToken);

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
