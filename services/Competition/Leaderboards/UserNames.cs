using AeThexLive.Competition.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AeThexLive.Competition.Leaderboards;

public sealed record UserName(Guid UserId, string Username, string? DisplayName);

/// <summary>
/// Names for the user ids a ranking holds, from the shared user replica. A top-100 is read over
/// and over with the same hundred users: their names are kept for a few seconds, so a read
/// costs Redis and no PostgreSQL at all, and a rename shows within that time.
/// </summary>
public sealed class UserNames(CompetitionDbContext db, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyDictionary<Guid, UserName>> ForAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<Guid, UserName>();
        var missing = new List<Guid>();
        foreach (var id in userIds.Distinct())
        {
            if (cache.TryGetValue(id, out UserName? name)) found[id] = name!;
            else missing.Add(id);
        }
        if (missing.Count == 0) return found;

        var rows = await db.UserReplicas.AsNoTracking().Where(u => missing.Contains(u.UserId))
            .Select(u => new UserName(u.UserId, u.Username, u.DisplayName)).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            found[row.UserId] = row;
            cache.Set(row.UserId, row, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        }
        return found;
    }

    /// <summary>The user id for a username (usernames are lowercase); null if no such user is known here.</summary>
    public async Task<Guid?> IdOfAsync(string username, CancellationToken cancellationToken)
    {
        var normalized = username.Trim().ToLowerInvariant();
        var cacheKey = ("username", normalized);
        if (cache.TryGetValue(cacheKey, out Guid id)) return id;
        var found = await db.UserReplicas.AsNoTracking().Where(u => u.Username == normalized)
            .Select(u => (Guid?)u.UserId).FirstOrDefaultAsync(cancellationToken);
        if (found is { } userId) cache.Set(cacheKey, userId, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return found;
    }
}
