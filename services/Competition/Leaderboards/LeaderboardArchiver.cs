using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Contracts.Competition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using AeThexLive.Messaging;

namespace AeThexLive.Competition.Leaderboards;

/// <summary>
/// Closes a period: its final ranks are copied into the archive, its live rows and Redis set go,
/// and LeaderboardReset is published, all once. The claim is a conditional UPDATE of the
/// period's row: two archivers at once (a retried run, a second instance) serialise on that
/// row's lock, and the second finds the period already archived and does nothing.
/// </summary>
public sealed partial class LeaderboardArchiver(
    CompetitionDbContext db,
    IConnectionMultiplexer redis,
    IOptions<LeaderboardOptions> options,
    TimeProvider clock,
    ILogger<LeaderboardArchiver> logger)
{
    private const int TopInEvent = 3;

    /// <summary>Archives every period whose end, plus the grace for late events, has passed. Returns how many this run archived.</summary>
    public async Task<int> ArchiveDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lastDueEnd = DateOnly.FromDateTime(now - options.Value.ArchiveGrace);
        var due = await db.LeaderboardPeriods.AsNoTracking()
            .Where(p => p.ArchivedAt == null && p.PeriodEnd != null && p.PeriodEnd <= lastDueEnd)
            .OrderBy(p => p.PeriodEnd)
            .Select(p => new { p.LeaderboardId, p.PeriodStart })
            .ToListAsync(cancellationToken);
        var archived = 0;
        foreach (var period in due)
        {
            if (await ArchiveAsync(period.LeaderboardId, period.PeriodStart, cancellationToken)) archived++;
        }
        await AdvanceResetDatesAsync(now, cancellationToken);
        await ForgetOldSubmissionsAsync(now, cancellationToken);
        return archived;
    }

    /// <returns>true if this call archived the period; false if it was archived already.</returns>
    public async Task<bool> ArchiveAsync(Guid boardId, DateOnly periodStart, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var board = await db.Leaderboards.AsNoTracking().SingleAsync(b => b.Id == boardId, cancellationToken);
        var period = new LeaderboardPeriod(board.Period, periodStart);
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Database.ExecuteSqlAsync($"""
            UPDATE leaderboard_periods SET archived_at = {SqlTimestamp.Of(now, "at")},
                entry_count = (SELECT count(*) FROM leaderboard_entries WHERE leaderboard_id = {boardId} AND period_start = {periodStart})
            WHERE leaderboard_id = {boardId} AND period_start = {periodStart} AND archived_at IS NULL
            """, cancellationToken);
        if (claimed == 0) return false;

        // rank() is the competition rank: equal scores share it and the next one skips.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO leaderboard_archive_entries (leaderboard_id, period_start, user_id, score, rank)
            SELECT leaderboard_id, period_start, user_id, score, rank() OVER (ORDER BY score DESC)
            FROM leaderboard_entries
            WHERE leaderboard_id = {boardId} AND period_start = {periodStart} AND score IS NOT NULL
            """, cancellationToken);
        var entryCount = await db.Database.ExecuteSqlAsync(
            $"DELETE FROM leaderboard_entries WHERE leaderboard_id = {boardId} AND period_start = {periodStart}", cancellationToken);
        var top = await db.LeaderboardArchiveEntries.AsNoTracking()
            .Where(e => e.LeaderboardId == boardId && e.PeriodStart == periodStart && e.Rank <= TopInEvent)
            .OrderBy(e => e.Rank).ThenBy(e => e.UserId)
            .Select(e => new LeaderboardWinner(
                e.UserId, db.UserReplicas.Where(u => u.UserId == e.UserId).Select(u => u.Username).FirstOrDefault(), e.Score, e.Rank))
            .ToListAsync(cancellationToken);
        db.AddEvent(new LeaderboardReset(board.Id, board.Name, board.Kind, board.ChannelId, board.Period, period.Key, period.Start, period.End!.Value,
            entryCount, top, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var key = new RankingKey(boardId, periodStart);
        try
        {
            await redis.GetDatabase().KeyDeleteAsync([key.Set, key.Ready]);
        }
        catch (RedisException ex)
        {
            // The set is no longer read (its period is archived); a leftover only costs memory.
            LogRedisCleanupFailed(ex, key.ToString());
        }
        LogArchived(board.Id, period.Key, entryCount);
        return true;
    }

    /// <summary>schema.sql's reset_date says when each periodic board next starts again.</summary>
    private async Task AdvanceResetDatesAsync(DateTime now, CancellationToken cancellationToken)
    {
        foreach (var kind in new[] { LeaderboardPeriods.Weekly, LeaderboardPeriods.Monthly })
        {
            var next = LeaderboardPeriod.Containing(kind, now).End;
            await db.Leaderboards.Where(b => b.Period == kind && (b.ResetDate == null || b.ResetDate < next))
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.ResetDate, next), cancellationToken);
        }
    }

    private Task<int> ForgetOldSubmissionsAsync(DateTime now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.SubmissionRetention;
        return db.LeaderboardSubmissions.Where(s => s.SubmittedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archived leaderboard {Board} period {Period}: {Entries} entries")]
    private partial void LogArchived(Guid board, string period, int entries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the archived set {Key} from Redis")]
    private partial void LogRedisCleanupFailed(Exception exception, string key);
}
