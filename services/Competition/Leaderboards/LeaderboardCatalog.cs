using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace AeThexLive.Competition.Leaderboards;

/// <summary>
/// Boards by id for the hot paths (every score and every read needs the board's period and
/// owner). A board's name, period, mode and owner never change once created, so a board
/// found once is kept; only its absence is asked again.
/// </summary>
public sealed class LeaderboardCatalog(CompetitionDbContext db, IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async Task<Leaderboard?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(("leaderboard", id), out Leaderboard? board)) return board;
        board = await db.Leaderboards.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (board is not null) cache.Set(("leaderboard", id), board, new MemoryCacheEntryOptions { SlidingExpiration = Lifetime, Size = 1 });
        return board;
    }
}
