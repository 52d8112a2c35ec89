using System.Security.Cryptography;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AeThexLive.Identity.Security;

/// <summary>
/// The signing keys, kept in identitydb so every replica and every restart signs and checks
/// with the same ones, and held in memory as a snapshot that is re-read every minute.
/// </summary>
public sealed partial class SigningKeyRing(
    IServiceScopeFactory scopes, IOptions<AccountOptions> options, TimeProvider clock, ILogger<SigningKeyRing> logger)
{
    /// <summary>Serialises key creation across replicas (pg_advisory_xact_lock key).</summary>
    private const long KeyCreationLock = 0x4145_5448_4B45_5953;
    private static readonly TimeSpan UnknownKidRefreshInterval = TimeSpan.FromSeconds(10);

    private volatile IReadOnlyList<LoadedKey> _keys = [];
    private long _lastUnknownKidRefreshTicks;

    private TokenOptions Tokens => options.Value.Tokens;

    /// <summary>Loads the keys from the database, replacing the in-memory snapshot.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var rows = await db.SigningKeys.AsNoTracking().OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
        // Keys already in memory are kept as they are (a key never changes); only new ones are imported.
        var loaded = _keys.ToDictionary(k => k.Kid);
        _keys = rows.Select(row => loaded.GetValueOrDefault(row.Kid) ?? Load(row)).ToList();
    }

    /// <summary>
    /// Makes sure a key signs now and that the next one is published before the current one
    /// has served its lifetime; drops keys whose tokens have all expired.
    /// </summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({KeyCreationLock})", cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.SigningKeys.OrderBy(k => k.ActivatesAt).ToListAsync(cancellationToken);
        var active = rows.LastOrDefault(k => k.ActivatesAt <= now);
        var pending = rows.Any(k => k.ActivatesAt > now);
        if (active is null && !pending)
        {
            db.SigningKeys.Add(SigningKey.Generate(now, now));
            LogKeyCreated("first", now);
        }
        else if (active is not null && !pending && active.ActivatesAt + Tokens.SigningKeyLifetime - Tokens.KeyPublicationLead <= now)
        {
            var activatesAt = now + Tokens.KeyPublicationLead;
            db.SigningKeys.Add(SigningKey.Generate(now, activatesAt));
            LogKeyCreated("next", activatesAt);
        }
        db.SigningKeys.RemoveRange(rows.Where((key, i) => i + 1 < rows.Count && RetiresAt(rows[i + 1].ActivatesAt) < now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Publishes a new key now that signs from <paramref name="activatesAt"/>; the current key keeps validating its tokens.</summary>
    public async Task<string> RotateAsync(DateTime activatesAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var key = SigningKey.Generate(clock.GetUtcNow().UtcDateTime, activatesAt);
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        LogKeyCreated("rotated", activatesAt);
        await RefreshAsync(cancellationToken);
        return key.Kid;
    }

    public SigningCredentials CurrentSigningCredentials()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = _keys.LastOrDefault(k => k.ActivatesAt <= now)
            ?? throw new InvalidOperationException("No signing key is active yet.");
        return new SigningCredentials(key.Private, PlatformTokens.Algorithm);
    }

    /// <summary>Keys a token may be signed with now: the active one, the next one, and retired ones whose tokens may still be alive.</summary>
    public IReadOnlyList<JsonWebKey> PublishedKeys() => Published().Select(k => k.Public).ToList();

    /// <summary>For the JwtBearer handler inside Identity: the published key with this id (re-reading the database once when it is unknown).</summary>
    public IEnumerable<SecurityKey> ValidationKeys(string? kid)
    {
        var found = Published().Where(k => k.Public.Kid == kid).Select(k => (SecurityKey)k.Public).ToList();
        if (found.Count > 0 || kid is null) return found;

        var last = Interlocked.Read(ref _lastUnknownKidRefreshTicks);
        var now = clock.GetUtcNow().UtcTicks;
        if (now - last < UnknownKidRefreshInterval.Ticks || Interlocked.CompareExchange(ref _lastUnknownKidRefreshTicks, now, last) != last) return found;
        // Another replica may have just rotated; the resolver is synchronous, so this rare refresh blocks.
        RefreshAsync(CancellationToken.None).GetAwaiter().GetResult();
        return Published().Where(k => k.Public.Kid == kid).Select(k => (SecurityKey)k.Public).ToList();
    }

    private IEnumerable<LoadedKey> Published()
    {
        var keys = _keys;
        var now = clock.GetUtcNow().UtcDateTime;
        var activeIndex = -1;
        for (var i = 0; i < keys.Count; i++) if (keys[i].ActivatesAt <= now) activeIndex = i;
        // Older keys stop being published once every token they signed has expired.
        return keys.Where((key, i) => i >= activeIndex || RetiresAt(keys[i + 1].ActivatesAt) >= now);
    }

    private DateTime RetiresAt(DateTime successorActivatesAt) =>
        successorActivatesAt + Tokens.AccessTokenLifetime + PlatformTokens.ClockSkew;

    private static LoadedKey Load(SigningKey row)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(row.PrivateKey, out _);
        var privateKey = new RsaSecurityKey(rsa) { KeyId = row.Kid };
        var publicKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = row.Kid });
        publicKey.Use = "sig";
        publicKey.Alg = row.Algorithm;
        return new LoadedKey(row.Kid, row.ActivatesAt, privateKey, publicKey);
    }

    private sealed record LoadedKey(string Kid, DateTime ActivatesAt, RsaSecurityKey Private, JsonWebKey Public);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Kind} token-signing key, signing from {ActivatesAt:o}")]
    private partial void LogKeyCreated(string kind, DateTime activatesAt);
}
