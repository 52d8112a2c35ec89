using AeThexLive.Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Identity.Security;

/// <summary>
/// Counts failed sign-ins per account and locks it for a while at the threshold. Counting is
/// a single UPDATE, so parallel guesses cannot slip past the limit.
/// </summary>
public sealed class AccountLockout(IdentityDbContext db, IOptions<AccountOptions> options, TimeProvider clock)
{
    private LockoutOptions Settings => options.Value.Lockout;

    /// <summary>Records a failure (columns are UTC timestamps without zone, hence AT TIME ZONE); returns when the account is locked until, if this failure locked it.</summary>
    public async Task<DateTime?> RecordFailureAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Settings.Duration;
        var max = Settings.MaxFailedAttempts;
        var lockedUntil = await db.Database.SqlQuery<DateTime?>($"""
            UPDATE user_credentials SET
                failed_login_count = CASE WHEN failed_login_count + 1 >= {max} THEN 0 ELSE failed_login_count + 1 END,
                lockout_end = CASE WHEN failed_login_count + 1 >= {max} THEN {until} AT TIME ZONE 'UTC' ELSE lockout_end END
            WHERE user_id = {userId}
            RETURNING lockout_end AS "Value"
            """).ToListAsync(cancellationToken);
        return lockedUntil.SingleOrDefault() is { } end && end > now ? DateTime.SpecifyKind(end, DateTimeKind.Utc) : null;
    }

    /// <summary>
    /// After a correct password (and code): clears the failure count, unless the account is locked
    /// now. Guesses sent in parallel with the right one may have locked it while the password was
    /// being checked; the right one then must not lift that lock. Returns the lock's end in that case.
    /// </summary>
    public async Task<DateTime?> ClearUnlessLockedAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cleared = await db.UserCredentials.Where(c => c.UserId == userId && (c.LockoutEnd == null || c.LockoutEnd <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.FailedLoginCount, 0).SetProperty(c => c.LockoutEnd, (DateTime?)null), cancellationToken);
        if (cleared > 0) return null;
        var end = await db.UserCredentials.Where(c => c.UserId == userId).Select(c => c.LockoutEnd).SingleOrDefaultAsync(cancellationToken);
        return end is { } until ? DateTime.SpecifyKind(until, DateTimeKind.Utc) : null;
    }
}
