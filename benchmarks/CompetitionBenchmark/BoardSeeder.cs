using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace AeThexLive.Benchmarks.Competition;

/// <summary>
/// Fills one board straight in competitiondb (COPY, a million rows in seconds) as if that many
/// users had scores, and compares the board's Redis set with PostgreSQL row for row.
/// </summary>
public sealed class BoardSeeder(string connectionString, Guid boardId)
{
    /// <summary>An all-time board's one period (Competition's LeaderboardPeriod.AllTimeStart).</summary>
    public static readonly DateOnly AllTime = new(1970, 1, 1);

    /// <summary>Where Competition keeps the board in Redis (Competition's RankingKey): the sorted set and its built-from-PostgreSQL marker.</summary>
    public RedisKey SetKey => $"competition:lb:{boardId:N}:19700101";
    public RedisKey ReadyKey => $"competition:lb:{boardId:N}:19700101:ready";

    public static string Username(int n) => $"bench_{n}";

    /// <summary>Users bench_0 … bench_{count−1} in the user copy, each with a score; about ten users share each score.</summary>
    public async Task<TimeSpan> SeedAsync(int count, int seed)
    {
        var clock = Stopwatch.StartNew();
        var chance = new Random(seed);
        var now = DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        await using (var users = await connection.BeginBinaryImportAsync("COPY user_replicas (user_id, username, display_name, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < count; n++)
            {
                await users.StartRowAsync();
                await users.WriteAsync(ids[n]);
                await users.WriteAsync(Username(n));
                await users.WriteNullAsync();
                await users.WriteAsync(now, NpgsqlDbType.Timestamp);
            }
            await users.CompleteAsync();
        }
        await using (var period = new NpgsqlCommand(
            "INSERT INTO leaderboard_periods (leaderboard_id, period_start, period_end) VALUES (@b, @p, NULL) ON CONFLICT DO NOTHING", connection))
        {
            period.Parameters.AddWithValue("b", boardId);
            period.Parameters.AddWithValue("p", AllTime);
            await period.ExecuteNonQueryAsync();
        }
        await using (var entries = await connection.BeginBinaryImportAsync(
            "COPY leaderboard_entries (leaderboard_id, period_start, user_id, score, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < count; n++)
            {
                await entries.StartRowAsync();
                await entries.WriteAsync(boardId);
                await entries.WriteAsync(AllTime, NpgsqlDbType.Date);
                await entries.WriteAsync(ids[n]);
                await entries.WriteAsync((long)chance.Next(0, Math.Max(1, count / 10)));
                await entries.WriteAsync(now, NpgsqlDbType.Timestamp);
            }
            await entries.CompleteAsync();
        }
        await using (var analyze = new NpgsqlCommand("ANALYZE user_replicas; ANALYZE leaderboard_entries", connection)) await analyze.ExecuteNonQueryAsync();
        return clock.Elapsed;
    }

    /// <summary>Every user's score in PostgreSQL against the set in Redis: (rows, members, mismatches).</summary>
    public async Task<(int Rows, long Members, int Mismatches)> CompareAsync(IDatabase redis)
    {
        var recorded = new Dictionary<Guid, long>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand(
                "SELECT user_id, score FROM leaderboard_entries WHERE leaderboard_id = @b AND period_start = @p", connection);
            query.Parameters.AddWithValue("b", boardId);
            query.Parameters.AddWithValue("p", AllTime);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync()) recorded[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        var members = await redis.SortedSetLengthAsync(SetKey);
        var mismatches = 0;
        const int Chunk = 100_000;
        for (long start = 0; start < members; start += Chunk)
        {
            foreach (var entry in await redis.SortedSetRangeByRankWithScoresAsync(SetKey, start, start + Chunk - 1))
            {
                var user = new Guid((byte[])entry.Element!);
                if (!recorded.TryGetValue(user, out var score) || score != (long)entry.Score) mismatches++;
            }
        }
        return (recorded.Count, members, mismatches);
    }
}
