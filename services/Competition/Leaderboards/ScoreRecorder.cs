using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using StackExchange.Redis;

namespace AeThexLive.Competition.Leaderboards;

public enum SubmitOutcome { Recorded, Replayed, UnknownUser, SubmissionReused, PeriodClosed }

/// <summary>The user's score after a submission, and their standing when Redis could tell (null when it could not: PostgreSQL has the score).</summary>
public sealed record SubmitResult(SubmitOutcome Outcome, Guid? UserId = null, long? Score = null, Standing? Standing = null);

/// <summary>What one event adds to its channel's built-in boards of one kind.</summary>
public sealed record EventScore(Guid ChannelId, Guid UserId, long Amount, DateTime OccurredAt);

/// <summary>A score that reached PostgreSQL inside a consumer's transaction, to apply to Redis once it has committed.</summary>
public sealed record PendingRaise(RankingKey Key, Guid UserId, long Score);

/// <summary>
/// Records scores: PostgreSQL first (the record), then Redis (the ranks). A Redis failure after
/// PostgreSQL took the score loses nothing: the set is marked for the consistency check,
/// which rebuilds it from PostgreSQL.
/// </summary>
public sealed partial class ScoreRecorder(CompetitionDbContext db, Rankings rankings, RankingRebuilder rebuilder, ILogger<ScoreRecorder> logger)
{
    public async Task<SubmitResult> SubmitAsync(Leaderboard board, string username, long score, string submissionId, DateTime now,
        CancellationToken cancellationToken)
    {
        var period = board.PeriodAt(now);
        BookedScore booked;
        (Guid UserId, long Score)? earlier = null;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            booked = await ScoreBook.SubmitAsync(connection, board, period, username, score, submissionId, now, cancellationToken);
            if (booked.UserId is not null && booked.Score is null && booked.PeriodOpen)
            {
                earlier = await ScoreBook.FindSubmissionAsync(connection, board.Id, submissionId, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (booked.UserId is not { } userId) return new SubmitResult(SubmitOutcome.UnknownUser);
        if (!booked.PeriodOpen) return new SubmitResult(SubmitOutcome.PeriodClosed, userId);
        var key = new RankingKey(board.Id, period);
        if (booked.Score is { } total)
        {
            return new SubmitResult(SubmitOutcome.Recorded, userId, total, await TryRaiseAsync(key, userId, total, cancellationToken));
        }
        // The id was taken: the same submission again is answered as the first was; another one under that id is refused.
        if (earlier is not { } first || first.UserId != userId || first.Score != score) return new SubmitResult(SubmitOutcome.SubmissionReused, userId);
        var standing = await TryStandingAsync(key, userId, cancellationToken);
        return new SubmitResult(SubmitOutcome.Replayed, userId, standing?.Score, standing);
    }

    /// <summary>
    /// Adds events' amounts to their channels' built-in boards of <paramref name="kind"/> (weekly,
    /// monthly, all-time), in the periods of each event's own time, inside the consumer's
    /// transaction: the amounts summed per board, period and user, and written in one statement, so
    /// a busy room's hundreds of messages cost a few round trips instead of four each. Returns what
    /// to apply to Redis after the commit.
    /// </summary>
    public async Task<List<PendingRaise>> AddFromEventsAsync(string kind, IReadOnlyCollection<EventScore> scores, DateTime now,
        CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Event scores are added inside the consumer's transaction."));
        var counted = scores.Where(s => s.Amount > 0).ToList();
        await ScoreBook.EnsureBuiltInBoardsAsync(connection, transaction, counted.Select(s => s.ChannelId), kind, now, cancellationToken);
        var periods = new Dictionary<(Guid, DateOnly), LeaderboardPeriod>();
        var additions = counted
            .SelectMany(s => LeaderboardPeriods.All.Select(periodKind =>
                (Board: Leaderboard.BuiltInId(s.ChannelId, kind, periodKind), Period: LeaderboardPeriod.Containing(periodKind, s.OccurredAt), s.UserId, s.Amount)))
            .GroupBy(a => (a.Board, a.Period, a.UserId))
            .Select(g => (g.Key.Board, g.Key.Period, g.Key.UserId, Amount: g.Sum(a => a.Amount)))
            .ToList();
        if (additions.Count == 0) return [];
        foreach (var (board, period, _, _) in additions) periods[(board, period.Start)] = period;

        var totals = await ScoreBook.AddManyAsync(connection, transaction, additions, now, cancellationToken);
        foreach (var late in additions.ExceptBy(totals.Select(t => (t.BoardId, t.PeriodStart, t.UserId)), a => (a.Board, a.Period.Start, a.UserId))
                     .Select(a => (a.Board, a.Period.Key)).Distinct())
        {
            LogLateEvent(late.Board, late.Key);
        }
        return totals.Select(t => new PendingRaise(new RankingKey(t.BoardId, periods[(t.BoardId, t.PeriodStart)]), t.UserId, t.Score)).ToList();
    }

    /// <summary>Brings Redis up to what PostgreSQL committed; the raises go out together (one pipeline), each idempotent.</summary>
    public async Task ApplyAsync(IEnumerable<PendingRaise> raises, CancellationToken cancellationToken) =>
        await Task.WhenAll(raises.Select(raise => TryRaiseAsync(raise.Key, raise.UserId, raise.Score, cancellationToken)));

    private async Task<Standing?> TryRaiseAsync(RankingKey key, Guid userId, long score, CancellationToken cancellationToken)
    {
        try
        {
            return await rankings.RaiseAsync(key, userId, score, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RankingsUnavailableException or TimeoutException)
        {
            rebuilder.MarkSuspect(key);
            LogRedisWriteFailed(ex, key.ToString());
            return null;
        }
    }

    private async Task<Standing?> TryStandingAsync(RankingKey key, Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            return await rankings.StandingAsync(key, userId, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or RankingsUnavailableException or TimeoutException)
        {
            LogRedisWriteFailed(ex, key.ToString());
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not take a score for {Key}; PostgreSQL has it and the set will be rebuilt")]
    private partial void LogRedisWriteFailed(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "An event for {Board}'s period {Period} came after it was archived; it is not counted")]
    private partial void LogLateEvent(Guid board, string period);
}
