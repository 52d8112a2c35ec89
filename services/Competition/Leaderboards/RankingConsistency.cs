using AeThexLive.Competition.Data;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace AeThexLive.Competition.Leaderboards;

/// <summary>Compares each open period's Redis set with PostgreSQL and rebuilds those that disagree.</summary>
public sealed partial class RankingConsistency(CompetitionDbContext db, IConnectionMultiplexer redis, RankingRebuilder rebuilder,
    ILogger<RankingConsistency> logger)
{
    /// <summary>Every period not archived yet, with its entry count in PostgreSQL.</summary>
    private async Task<List<(RankingKey Key, long Entries)>> OpenPeriodsAsync(CancellationToken cancellationToken)
    {
        var rows = await db.LeaderboardPeriods.AsNoTracking()
            .Where(p => p.ArchivedAt == null)
            .Select(p => new
            {
                p.LeaderboardId,
                p.PeriodStart,
                Entries = db.LeaderboardEntries.LongCount(e => e.LeaderboardId == p.LeaderboardId && e.PeriodStart == p.PeriodStart),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => (new RankingKey(r.LeaderboardId, r.PeriodStart), r.Entries)).ToList();
    }

    /// <summary>Rebuilds every open period: at start-up nothing in Redis is taken on trust.</summary>
    public async Task RebuildAllAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, _) in await OpenPeriodsAsync(cancellationToken)) await rebuilder.RebuildAsync(key, cancellationToken);
    }

    /// <summary>
    /// Rebuilds the sets that are not marked built, whose size differs from PostgreSQL's count,
    /// or whose Redis write failed. A size seen to differ is looked at again a moment later
    /// first: a write between its PostgreSQL commit and its Redis update is not a disagreement.
    /// </summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var suspects = rebuilder.TakeSuspects().ToHashSet();
        var periods = await OpenPeriodsAsync(cancellationToken);
        var rebuilt = 0;
        foreach (var (key, entries) in periods)
        {
            if (suspects.Remove(key) || await DisagreesAsync(key, entries))
            {
                if (!suspects.Contains(key))
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    var recount = await db.LeaderboardEntries
                        .LongCountAsync(e => e.LeaderboardId == key.LeaderboardId && e.PeriodStart == key.PeriodStart, cancellationToken);
                    if (!await DisagreesAsync(key, recount)) continue;
                }
                LogDisagreement(key.ToString(), entries);
                await rebuilder.RebuildAsync(key, cancellationToken);
                rebuilt++;
            }
        }
        // A suspect period that was archived meanwhile needs nothing; one that is still open and was not listed is rebuilt on its next read.
        return rebuilt;
    }

    private async Task<bool> DisagreesAsync(RankingKey key, long entries)
    {
        var db = redis.GetDatabase();
        var ready = db.KeyExistsAsync(key.Ready);
        var size = db.SortedSetLengthAsync(key.Set);
        return !await ready || await size != entries;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis set {Key} disagrees with PostgreSQL ({Entries} entries there): rebuilding")]
    private partial void LogDisagreement(string key, long entries);
}
