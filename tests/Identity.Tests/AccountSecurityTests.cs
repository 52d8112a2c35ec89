using AeThexLive.Identity.Security;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class AccountSecurityTests(LocalPostgres postgres)
{
    private const string Guesser = "203.0.113.7";
    private const string Owner = "198.51.100.20";

    [Fact]
    public async Task The_fifth_failure_from_an_address_locks_the_account_for_that_address_only()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("guessed");
        await using var db = database.Context();
        var lockout = new AccountLockout(db, database.Options, database.Clock);

        for (var i = 0; i < 4; i++) Assert.Null(await lockout.RecordFailureAsync(user.Id, Guesser, default));
        var lockedUntil = await lockout.RecordFailureAsync(user.Id, Guesser, default);

        var expected = database.Clock.GetUtcNow().UtcDateTime + database.Options.Value.Lockout.Duration;
        Assert.Equal(expected, lockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(expected, (await lockout.LockedUntilAsync(user.Id, Guesser, default))!.Value, TimeSpan.FromMilliseconds(1));
        // The owner, elsewhere, is not locked out by a stranger's guesses.
        Assert.Null(await lockout.LockedUntilAsync(user.Id, Owner, default));
        Assert.Null(await lockout.ClearUnlessLockedAsync(user.Id, Owner, default));
    }

    [Fact]
    public async Task Parallel_failures_cannot_slip_past_the_threshold()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("raced");

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            await using var db = database.Context();
            return await new AccountLockout(db, database.Options, database.Clock).RecordFailureAsync(user.Id, Guesser, default);
        }));

        // The upserts queue on the row: the first four only count, the fifth locks, and every
        // later one sees the lock; the count restarts at the lock, so two remain counted.
        await using var check = database.Context();
        var row = await check.AddressLocks.AsNoTracking().SingleAsync();
        Assert.Equal(4, results.Count(r => r is null));
        Assert.Equal(8, results.Count(r => r is not null));
        Assert.Equal(2, row.FailedCount);
    }

    [Fact]
    public async Task A_right_password_checked_while_parallel_guesses_lock_the_address_does_not_lift_the_lock()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("besieged");
        await using var db = database.Context();
        var lockout = new AccountLockout(db, database.Options, database.Clock);

        // The right password was read as "not locked", then five wrong ones lock the address
        // before its sign-in finishes: finishing must report the lock, not clear it.
        for (var i = 0; i < 5; i++) await lockout.RecordFailureAsync(user.Id, Guesser, default);
        var lockedUntil = await lockout.ClearUnlessLockedAsync(user.Id, Guesser, default);

        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime + database.Options.Value.Lockout.Duration, lockedUntil!.Value, TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await lockout.LockedUntilAsync(user.Id, Guesser, default));

        // Once the lock has run out, a right password clears the count again.
        for (var i = 0; i < 3; i++) await lockout.RecordFailureAsync(user.Id, Guesser, default);
        database.Clock.Advance(database.Options.Value.Lockout.Duration + TimeSpan.FromSeconds(1));
        Assert.Null(await lockout.ClearUnlessLockedAsync(user.Id, Guesser, default));
        Assert.False(await db.AddressLocks.AnyAsync());
        Assert.Equal(0, (await db.UserCredentials.AsNoTracking().SingleAsync()).FailedLoginCount);
    }

    [Fact]
    public async Task Guesses_spread_over_many_addresses_throttle_strangers_but_not_the_owner_at_a_known_address()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("famous");
        await using var db = database.Context();
        var lockout = new AccountLockout(db, database.Options, database.Clock);
        Assert.Null(await lockout.ClearUnlessLockedAsync(user.Id, Owner, default));

        // Two guesses each from many addresses: no address reaches its own lock.
        var ceiling = database.Options.Value.Lockout.AccountCeiling;
        for (var i = 0; i < ceiling; i++) Assert.Null(await lockout.RecordFailureAsync(user.Id, $"192.0.2.{i / 2}", default));

        var throttled = await lockout.LockedUntilAsync(user.Id, "192.0.2.200", default);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime + database.Options.Value.Lockout.AccountThrottle, throttled!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Null(await lockout.LockedUntilAsync(user.Id, Owner, default));

        database.Clock.Advance(database.Options.Value.Lockout.AccountThrottle + TimeSpan.FromSeconds(1));
        Assert.Null(await lockout.LockedUntilAsync(user.Id, "192.0.2.200", default));
    }

    [Fact]
    public async Task A_code_is_accepted_once_and_never_again()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var user = await database.AddUserAsync("twofactor");
        var secret = TwoFactorCodes.NewSecret();
        var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(database.Clock.GetUtcNow().UtcDateTime);

        await using var db = database.Context();
        var codes = new TwoFactorCodes(db, database.Clock);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            await using var racing = database.Context();
            return await new TwoFactorCodes(racing, database.Clock).VerifyOnceAsync(user.Id, secret, code, default);
        }));

        Assert.Equal(1, attempts.Count(accepted => accepted));
        database.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(database.Clock.GetUtcNow().UtcDateTime);
        Assert.True(await codes.VerifyOnceAsync(user.Id, secret, next, default));
        Assert.False(await codes.VerifyOnceAsync(user.Id, secret, code, default));
    }

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixSeconds, string code)
    {
        // RFC 6238 appendix B (SHA-1), last six digits; secret "12345678901234567890".
        var secret = Base32Encoding.ToString("12345678901234567890"u8.ToArray());
        var codes = new TwoFactorCodes(null!, new ManualClock(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

        Assert.Equal(unixSeconds / 30, codes.Match(secret, code));
        Assert.Null(codes.Match(secret, "000000"));
    }
}
