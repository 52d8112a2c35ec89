using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class RefreshTokenTests(LocalPostgres postgres)
{
    [Fact]
    public async Task Only_a_hash_is_stored_and_two_simultaneous_uses_of_one_token_end_the_family()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("raced_refresh");
        string token;
        await using (var db = database.Context())
        {
            token = new RefreshTokenStore(db, database.Options, database.Clock).Create(user.Id);
            await db.SaveChangesAsync();
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var db = database.Context();
            return await new RefreshTokenStore(db, database.Options, database.Clock).RotateAsync(token, default);
        }));

        Assert.Equal([RefreshOutcome.Rotated, RefreshOutcome.Reused], results.Select(r => r.Outcome).Order());
        await using var check = database.Context();
        var rows = await check.RefreshTokens.AsNoTracking().ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(RevocationReasons.Reuse, r.RevokedReason));
        Assert.DoesNotContain(rows, r => Convert.ToBase64String(r.TokenHash).Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_refresh_token_is_refused()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("slow_refresh");
        await using var db = database.Context();
        var store = new RefreshTokenStore(db, database.Options, database.Clock);
        var token = store.Create(user.Id);
        await db.SaveChangesAsync();

        database.Clock.Advance(database.Options.Value.Tokens.RefreshTokenLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(RefreshOutcome.Expired, (await store.RotateAsync(token, default)).Outcome);
    }
}
