using System.Security.Claims;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.ServiceDefaults;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SigningKeyTests(LocalPostgres postgres)
{
    private static readonly IConfiguration NoConfiguration = new ConfigurationBuilder().Build();

    [Fact]
    public async Task The_first_key_is_created_once_and_a_restarted_ring_validates_tokens_signed_before()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var ring = database.KeyRing();
        await Task.WhenAll(ring.MaintainAsync(default), database.KeyRing().MaintainAsync(default), database.KeyRing().MaintainAsync(default));
        var token = Issue(database, ring);

        var restarted = database.KeyRing();
        await restarted.RefreshAsync(default);

        await using var db = database.Context();
        Assert.Equal(1, await db.SigningKeys.CountAsync());
        Assert.True((await ValidateAsync(token, restarted.PublishedKeys(), database.Clock)).IsValid);
    }

    [Fact]
    public async Task Rotation_publishes_the_next_key_first_and_keeps_the_old_one_until_its_tokens_expire()
    {
        var options = new AccountOptions();
        await using var database = await IdentityDatabase.CreateAsync(postgres, options);
        var ring = database.KeyRing();
        await ring.MaintainAsync(default);
        var firstKid = Assert.Single(ring.PublishedKeys()).Kid;

        // Near the end of the key's lifetime maintenance publishes a successor that does not sign yet.
        database.Clock.Advance(options.Tokens.SigningKeyLifetime - options.Tokens.KeyPublicationLead);
        await ring.MaintainAsync(default);
        Assert.Equal(2, ring.PublishedKeys().Count);
        database.Clock.Advance(options.Tokens.KeyPublicationLead - TimeSpan.FromMinutes(1));
        var oldToken = Issue(database, ring);
        Assert.Equal(firstKid, new JsonWebToken(oldToken).Kid);

        // Once the successor signs, the old key still validates the tokens it signed...
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        var newToken = Issue(database, ring);
        var nextKid = new JsonWebToken(newToken).Kid;
        Assert.NotEqual(firstKid, nextKid);
        database.Clock.Advance(options.Tokens.AccessTokenLifetime - TimeSpan.FromMinutes(2));
        await ring.MaintainAsync(default);
        Assert.True((await ValidateAsync(oldToken, ring.PublishedKeys(), database.Clock)).IsValid);

        // ...and leaves once every one of them has expired.
        database.Clock.Advance(TimeSpan.FromMinutes(3));
        await ring.MaintainAsync(default);
        Assert.Equal([nextKid], ring.PublishedKeys().Select(k => k.Kid));
        Assert.True((await ValidateAsync(Issue(database, ring), ring.PublishedKeys(), database.Clock)).IsValid);
        await using var db = database.Context();
        Assert.Equal([nextKid], await db.SigningKeys.Select(k => k.Kid).ToListAsync());
    }

    [Fact]
    public async Task Published_keys_hold_no_private_parts()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var ring = database.KeyRing();
        await ring.MaintainAsync(default);

        var key = Assert.Single(ring.PublishedKeys());
        Assert.Equal("RSA", key.Kty);
        Assert.Equal("RS256", key.Alg);
        Assert.False(key.HasPrivateKey);
        Assert.Null(key.D);
        Assert.Null(key.P);
    }

    private static string Issue(IdentityDatabase database, SigningKeyRing ring)
    {
        var user = new User(Guid.NewGuid(), "someone", "someone@example.com", null, database.Clock.GetUtcNow().UtcDateTime);
        return new AccessTokenIssuer(ring, database.Options, database.Clock, NoConfiguration).Issue(user, Guid.NewGuid());
    }

    private static Task<TokenValidationResult> ValidateAsync(string token, IEnumerable<SecurityKey> keys, TimeProvider clock) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = PlatformTokens.DefaultIssuer,
            ValidAudience = PlatformTokens.Audience,
            IssuerSigningKeys = keys,
            ClockSkew = PlatformTokens.ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) =>
                notBefore <= clock.GetUtcNow().UtcDateTime + PlatformTokens.ClockSkew && expires > clock.GetUtcNow().UtcDateTime - PlatformTokens.ClockSkew,
        });
}
