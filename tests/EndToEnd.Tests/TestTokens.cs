using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Access tokens signed with Identity's own current key, read from identitydb: for crowds of users and for tokens Identity would never mint.</summary>
public static class TestTokens
{
    public static async Task<(string Kid, byte[] PrivateKey)> CurrentSigningKeyAsync(PlatformFixture platform)
    {
        await using var connection = new NpgsqlConnection(platform.DatabaseConnectionString("identitydb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT kid, private_key FROM signing_keys WHERE activates_at <= now() AT TIME ZONE 'UTC' ORDER BY activates_at DESC LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), (byte[])reader.GetValue(1));
    }

    public static string Sign(SecurityKey key, string algorithm, Guid userId, string username, DateTime notBefore, DateTime expires, string issuer,
        string audience = "aethex-live") =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString()), new Claim("preferred_username", username)]),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            TokenType = "at+jwt",
            // No cached signer: each caller's RSA object may be disposed when it is done.
            SigningCredentials = new SigningCredentials(key, algorithm) { CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } },
        });

    /// <summary>Valid 15-minute tokens for made-up users, as Identity would sign them.</summary>
    public static async Task<List<(Guid UserId, string Token)>> MintAsync(PlatformFixture platform, int count)
    {
        var (kid, privateKey) = await CurrentSigningKeyAsync(platform);
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(privateKey, out _);
        var key = new RsaSecurityKey(rsa) { KeyId = kid };
        var now = DateTime.UtcNow;
        return Enumerable.Range(0, count).Select(i =>
        {
            var id = Guid.NewGuid();
            return (id, Sign(key, SecurityAlgorithms.RsaSha256, id, $"crowd_{i}", now, now.AddMinutes(15), platform.PublicOrigin));
        }).ToList();
    }
}
