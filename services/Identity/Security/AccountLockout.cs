using AeThexLive.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Identity.Security;

/// <summary>
/// Failed sign-ins, counted per (account, address) and per account. Five failures from one
/// address lock the account for that address only, so a stranger cannot keep a streamer locked
/// out; failures from everywhere past a ceiling make addresses the owner never signed in from
/// wait, so guessing spread over many addresses slows down while the owner's known addresses
/// carry on (Auth0's brute-force protection and known devices). Every count is one atomic
/// statement, so parallel guesses cannot slip past a limit.
/// </summary>
public sealed class AccountLockout(IdentityDbContext db, IOptions<AccountOptions> options, TimeProvider clock)
{
    private LockoutOptions Settings => options.Value.Lockout;

    /// <summary>Until when sign-in to the account from the address is refused, if it is now (columns are UTC timestamps without zone).</summary>
    public async Task<DateTime?> LockedUntilAsync(Guid userId, string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = await db.Database.SqlQuery<DateTime?>($"""
            SELECT greatest(
                (SELECT locked_until FROM sign_in_address_locks WHERE user_id = {userId} AND address = {address}),
                (SELECT c.lockout_end FROM user_credentials c WHERE c.user_id = {userId}
                    AND NOT EXISTS (SELECT 1 FROM known_sign_in_addresses k WHERE k.user_id = {userId} AND k.address = {address}))) AS "Value"
            """).ToListAsync(cancellationToken);
        return Future(until.Single(), now);
    }

    /// <summary>Records a failure from the address; returns until when the account is locked for that address, if this failure locked it.</summary>
    public async Task<DateTime?> RecordFailureAsync(Guid userId, string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (max, until) = (Settings.MaxFailedAttempts, now + Settings.Duration);
        var lockedUntil = await db.Database.SqlQuery<DateTime?>($"""
            INSERT INTO sign_in_address_locks (user_id, address, failed_count, locked_until)
            VALUES ({userId}, {address}, CASE WHEN 1 >= {max} THEN 0 ELSE 1 END, CASE WHEN 1 >= {max} THEN {until} AT TIME ZONE 'UTC' END)
            ON CONFLICT (user_id, address) DO UPDATE SET
                failed_count = CASE WHEN sign_in_address_locks.failed_count + 1 >= {max} THEN 0 ELSE sign_in_address_locks.failed_count + 1 END,
                locked_until = CASE WHEN sign_in_address_locks.failed_count + 1 >= {max} THEN {until} AT TIME ZONE 'UTC'
                                    ELSE sign_in_address_locks.locked_until END
            RETURNING locked_until AS "Value"
            """).ToListAsync(cancellationToken);

        var (ceiling, throttled) = (Settings.AccountCeiling, now + Settings.AccountThrottle);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE user_credentials SET
                failed_login_count = CASE WHEN failed_login_count + 1 >= {ceiling} THEN 0 ELSE failed_login_count + 1 END,
                lockout_end = CASE WHEN failed_login_count + 1 >= {ceiling} THEN {throttled} AT TIME ZONE 'UTC' ELSE lockout_end END
            WHERE user_id = {userId}
            """, cancellationToken);
        return Future(lockedUntil.Single(), now);
    }

    /// <summary>
    /// After a correct password (and code): clears the address's count and the account's, and
    /// remembers the address as the owner's — unless the address is locked now. Guesses sent in
    /// parallel with the right one may have locked it while the password was being checked; the
    /// right one then must not lift that lock. Returns the lock's end in that case.
    /// </summary>
    public async Task<DateTime?> ClearUnlessLockedAsync(Guid userId, string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.AddressLocks.Where(l => l.UserId == userId && l.Address == address && (l.LockedUntil == null || l.LockedUntil <= now))
            .ExecuteDeleteAsync(cancellationToken);
        var stillLocked = await db.AddressLocks.Where(l => l.UserId == userId && l.Address == address && l.LockedUntil > now)
            .Select(l => l.LockedUntil).FirstOrDefaultAsync(cancellationToken);
        if (stillLocked is not null) return Future(stillLocked, now);

        await db.UserCredentials.Where(c => c.UserId == userId).ExecuteUpdateAsync(set => set.SetProperty(c => c.FailedLoginCount, 0), cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO known_sign_in_addresses (user_id, address, last_sign_in_at) VALUES ({userId}, {address}, {now} AT TIME ZONE 'UTC')
            ON CONFLICT (user_id, address) DO UPDATE SET last_sign_in_at = excluded.last_sign_in_at
            """, cancellationToken);
        return null;
    }

    private static DateTime? Future(DateTime? until, DateTime now) =>
        until is { } end && DateTime.SpecifyKind(end, DateTimeKind.Utc) > now ? DateTime.SpecifyKind(end, DateTimeKind.Utc) : null;
}
