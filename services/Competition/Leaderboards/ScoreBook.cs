using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Messaging;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Competition.Leaderboards;

/// <summary>What PostgreSQL made of a submission: who it was for, and the user's score after it (null: nothing was applied).</summary>
public sealed record BookedScore(Guid? UserId, long? Score, bool PeriodOpen);

/// <summary>
/// The PostgreSQL side of a score: one statement each, so the hot path is one round trip. A
/// score lands only in a period that is not archived yet, and opens the period's record the
/// first time (the archiver finds periods there).
/// </summary>
public static class ScoreBook
{
    /// <summary>
    /// A custom board's submission: resolves the username, records the submission id (a retry
    /// finds it taken and changes nothing), and keeps the best score or adds to the total.
    /// </summary>
    public static async Task<BookedScore> SubmitAsync(NpgsqlConnection connection, Leaderboard board, LeaderboardPeriod period,
        string username, long score, string submissionId, DateTime now, CancellationToken cancellationToken)
    {
        var combine = board.ScoreMode == ScoreModes.Best ? "GREATEST(e.score, excluded.score)" : $"LEAST(COALESCE(e.score, 0) + excluded.score, {Scores.Max})";
        await using var command = new NpgsqlCommand($"""
            WITH target AS (
                SELECT user_id FROM user_replicas WHERE username = @username
            ), open AS (
                SELECT 1 AS open WHERE NOT EXISTS (
                    SELECT 1 FROM leaderboard_periods WHERE leaderboard_id = @board AND period_start = @period AND archived_at IS NOT NULL)
            ), submitted AS (
                INSERT INTO leaderboard_submissions (leaderboard_id, submission_id, user_id, score, submitted_at)
                SELECT @board, @submission, target.user_id, @score, @now FROM target, open
                ON CONFLICT DO NOTHING
                RETURNING user_id
            ), opened AS (
                INSERT INTO leaderboard_periods (leaderboard_id, period_start, period_end)
                SELECT @board, @period, @period_end FROM submitted
                ON CONFLICT DO NOTHING
            ), entry AS (
                INSERT INTO leaderboard_entries AS e (leaderboard_id, period_start, user_id, score, updated_at)
                SELECT @board, @period, user_id, @score, @now FROM submitted
                ON CONFLICT (leaderboard_id, period_start, user_id) DO UPDATE
                SET score = {combine}, updated_at = excluded.updated_at
                RETURNING score
            )
            SELECT (SELECT user_id FROM target), (SELECT score FROM entry), EXISTS (SELECT 1 FROM open)
            """, connection);
        command.Parameters.AddWithValue("username", username);
        command.Parameters.AddWithValue("submission", submissionId);
        command.Parameters.AddWithValue("score", score);
        AddBoardParameters(command, board.Id, period, now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new BookedScore(
            reader.IsDBNull(0) ? null : reader.GetGuid(0),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.GetBoolean(2));
    }

    /// <summary>The submission recorded under <paramref name="submissionId"/>, if any.</summary>
    public static async Task<(Guid UserId, long Score)?> FindSubmissionAsync(NpgsqlConnection connection, Guid boardId, string submissionId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT user_id, score FROM leaderboard_submissions WHERE leaderboard_id = @board AND submission_id = @submission", connection);
        command.Parameters.AddWithValue("board", boardId);
        command.Parameters.AddWithValue("submission", submissionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetInt64(1)) : null;
    }

    /// <summary>
    /// Adds amounts to users' totals on event-fed boards, inside the consumer's transaction: many
    /// (board, period, user) at once, each at most once, in one statement; the periods opened, the
    /// totals raised except in archived periods.
    /// </summary>
    /// <returns>The new totals; rows of archived periods are left out.</returns>
    public static async Task<List<(Guid BoardId, DateOnly PeriodStart, Guid UserId, long Score)>> AddManyAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, IReadOnlyList<(Guid BoardId, LeaderboardPeriod Period, Guid UserId, long Amount)> additions, DateTime now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            WITH rows AS (
                SELECT * FROM unnest(@boards, @periods, @ends, @users, @amounts) AS r(board, period, period_end, user_id, amount)
            ), opened AS (
                INSERT INTO leaderboard_periods (leaderboard_id, period_start, period_end)
                SELECT DISTINCT board, period, period_end FROM rows ORDER BY 1, 2
                ON CONFLICT DO NOTHING
            )
            INSERT INTO leaderboard_entries AS e (leaderboard_id, period_start, user_id, score, updated_at)
            SELECT r.board, r.period, r.user_id, r.amount, @now FROM rows r
            WHERE NOT EXISTS (
                SELECT 1 FROM leaderboard_periods p WHERE p.leaderboard_id = r.board AND p.period_start = r.period AND p.archived_at IS NOT NULL)
            ORDER BY 1, 2, 3
            ON CONFLICT (leaderboard_id, period_start, user_id) DO UPDATE
            SET score = LEAST(COALESCE(e.score, 0) + excluded.score, {Scores.Max}), updated_at = excluded.updated_at
            RETURNING leaderboard_id, period_start, user_id, score
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("boards", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = additions.Select(a => a.BoardId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("periods", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = additions.Select(a => a.Period.Start).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ends", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = additions.Select(a => a.Period.End).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = additions.Select(a => a.UserId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("amounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = additions.Select(a => a.Amount).ToArray() });
        command.Parameters.Add(SqlTimestamp.Of(now, "now"));
        var totals = new List<(Guid, DateOnly, Guid, long)>(additions.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            totals.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetGuid(2), reader.GetInt64(3)));
        }
        return totals;
    }

    /// <summary>
    /// Creates channels' built-in boards of one kind (weekly, monthly, all-time) unless they exist,
    /// in one statement however many channels a batch of events names (one each was a round trip
    /// per channel per batch: with fifty rooms chatting, most of a chat batch's trips).
    /// </summary>
    public static async Task EnsureBuiltInBoardsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<Guid> channelIds,
        string kind, DateTime now, CancellationToken cancellationToken)
    {
        var boards = channelIds.Distinct().Order()
            .SelectMany(channel => LeaderboardPeriods.All.Select(period => Leaderboard.BuiltIn(channel, kind, period, now))).ToList();
        if (boards.Count == 0) return;
        await using var command = new NpgsqlCommand("""
            INSERT INTO leaderboards (id, name, game, period, reset_date, score_mode, kind, channel_id, owner_id, created_at)
            SELECT id, name, NULL, period, reset, @mode, @kind, channel, NULL, @now
            FROM unnest(@ids, @names, @periods, @resets, @channels) AS b(id, name, period, reset, channel)
            ORDER BY id
            ON CONFLICT (id) DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = boards.Select(b => b.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = boards.Select(b => b.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("periods", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = boards.Select(b => b.Period == LeaderboardPeriods.AllTime ? "all-time" : b.Period).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("resets", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = boards.Select(b => b.ResetDate).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("channels", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = boards.Select(b => b.ChannelId!.Value).ToArray() });
        command.Parameters.AddWithValue("mode", ScoreModes.Increment);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.Add(SqlTimestamp.Of(now, "now"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddBoardParameters(NpgsqlCommand command, Guid boardId, LeaderboardPeriod period, DateTime now)
    {
        command.Parameters.AddWithValue("board", boardId);
        command.Parameters.AddWithValue("period", period.Start);
        command.Parameters.Add(new NpgsqlParameter("period_end", NpgsqlDbType.Date) { Value = (object?)period.End ?? DBNull.Value });
        command.Parameters.Add(SqlTimestamp.Of(now, "now"));
    }

}
