using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class RefreshTokenTests(LocalPostgres postgres, LocalRedis redis) : IClassFixture<LocalRedis>
{
    [Fact]
    public async Task Only_a_hash_is_stored_and_two_simultaneous_uses_of_one_token_end_the_family()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("raced_refresh");
        string token;
        await using (var db = database.Context())
        {
            token = Store(db, database).StartSession(user.Id).RefreshToken;
            await db.SaveChangesAsync();
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = database.Context();
            return await Store(db, database).RotateAsync(token, default);
        }));

        Assert.Equal([RefreshOutcome.Rotated, RefreshOutcome.Reused], results.Select(r => r.Outcome).Order());
        await using var check = database.Context();
        var rows = await check.RefreshTokens.AsNoTracking().ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(RevocationReasons.Reuse, r.RevokedReason));
        Assert.DoesNotContain(rows, r => Convert.ToBase64String(r.TokenHash).Contains(token, StringComparison.Ordinal));

        // The session's access tokens are announced as revoked until they would have expired anyway.
        var revokedUntil = await redis.Connection.GetDatabase().SortedSetScoreAsync("aethex:revoked-sessions", rows[0].FamilyId.ToString("N"));
        Assert.NotNull(revokedUntil);
        Assert.True(DateTimeOffset.FromUnixTimeSeconds((long)revokedUntil.Value) >= database.Clock.GetUtcNow() + database.Options.Value.Tokens.AccessTokenLifetime);
    }

    [Fact]
    public async Task An_expired_refresh_token_is_refused()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("slow_refresh");
        await using var db = database.Context();
        var store = Store(db, database);
        var token = store.StartSession(user.Id).RefreshToken;
        await db.SaveChangesAsync();

        database.Clock.Advance(database.Options.Value.Tokens.RefreshTokenLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(RefreshOutcome.Expired, (await store.RotateAsync(token, default)).Outcome);
    }

    private RefreshTokenStore Store(Identity.Data.IdentityDbContext db, IdentityDatabase database) =>
        new(db, database.Options, database.Clock, redis.Connection);
}
