using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AeThexLive.Competition.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using AeThexLive.Messaging;

namespace AeThexLive.Competition.Leaderboards;

/// <summary>
/// Builds a board period's Redis set from PostgreSQL, the record. The copy goes into a fresh
/// key that replaces the live one in one RENAME, so readers see the old set or the new one,
/// never half of one. Scores written while it copied may be missing from the copy (or applied
/// to the old set and lost in the swap): after the swap, the rows PostgreSQL changed since the
/// copy began are applied again. Writes only ever raise a score to PostgreSQL's value (ZADD GT),
/// so applying one twice or late changes nothing. One rebuild per set at a time across
/// instances (a lock in Redis); others wait for its ready marker.
/// </summary>
public sealed partial class RankingRebuilder(
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    IOptions<LeaderboardOptions> options,
    TimeProvider clock,
    ILogger<RankingRebuilder> logger,
    IMeterFactory meters)
{
    private const int BatchSize = 10_000;
    private const int BatchesInFlight = 4;
    /// <summary>A lock left by an instance that died mid-rebuild expires after this.</summary>
    private static readonly TimeSpan LockLifetime = TimeSpan.FromMinutes(2);
    /// <summary>
    /// Rows changed this long before the copy began are applied again after the swap: a write
    /// stamps its row before it commits, and instances' clocks differ by a little.
    /// </summary>
    private static readonly TimeSpan CatchUpMargin = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<RankingKey, Lazy<Task>> _running = new();
    private readonly ConcurrentDictionary<RankingKey, byte> _suspect = new();
    private readonly Histogram<double> _duration = meters.Create("AeThexLive.Competition").CreateHistogram<double>("leaderboard.rebuild.duration", "s");

    /// <summary>Rebuilds the set unless it is marked built; returns once it is (or throws after RebuildWait).</summary>
    public async Task EnsureBuiltAsync(RankingKey key, CancellationToken cancellationToken)
    {
        if (await redis.GetDatabase().KeyExistsAsync(key.Ready)) return;
        await RebuildAsync(key, cancellationToken);
    }

    /// <summary>Rebuilds the set from PostgreSQL; concurrent calls for one set in this instance share one rebuild.</summary>
    public Task RebuildAsync(RankingKey key, CancellationToken cancellationToken)
    {
        var run = _running.GetOrAdd(key, k => new Lazy<Task>(() => RunAsync(k)));
        return run.Value.WaitAsync(cancellationToken);
    }

    /// <summary>A Redis write for this set failed after PostgreSQL took it: the consistency check rebuilds it.</summary>
    public void MarkSuspect(RankingKey key) => _suspect[key] = 0;

    public IReadOnlyCollection<RankingKey> TakeSuspects()
    {
        var keys = _suspect.Keys.ToList();
        foreach (var key in keys) _suspect.TryRemove(key, out _);
        return keys;
    }

    private async Task RunAsync(RankingKey key)
    {
        try
        {
            var deadline = clock.GetUtcNow() + options.Value.RebuildWait;
            var db = redis.GetDatabase();
            var token = Guid.NewGuid().ToString("N");
            while (!await db.StringSetAsync(key.RebuildLock, token, LockLifetime, When.NotExists))
            {
                // Another instance is rebuilding this set: its ready marker says when it is done.
                if (await db.KeyExistsAsync(key.Ready)) return;
                if (clock.GetUtcNow() > deadline) throw new RankingsUnavailableException($"The ranking {key} is being rebuilt elsewhere.");
                await Task.Delay(50);
            }
            try
            {
                await CopyAsync(db, key, token);
            }
            finally
            {
                await db.ScriptEvaluateAsync(RankingScripts.Release, [key.RebuildLock], [token]);
            }
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
    }

    private async Task CopyAsync(IDatabase db, RankingKey key, string token)
    {
        var started = Stopwatch.GetTimestamp();
        var since = clock.GetUtcNow().UtcDateTime - CatchUpMargin;
        var target = key.BuildTarget(token);
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CompetitionDbContext>();
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        try
        {
            var copied = await CopyRowsAsync(db, connection, key, target, since: null);
            if (copied > 0) await db.KeyRenameAsync(target, key.Set);
            else await db.KeyDeleteAsync(key.Set);
            await db.StringSetAsync(key.Ready, "1");
            var caughtUp = await CopyRowsAsync(db, connection, key, key.Set, since);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _duration.Record(seconds);
            LogRebuilt(key.ToString(), copied, caughtUp, seconds * 1000);
        }
        finally
        {
            await db.KeyDeleteAsync(target);
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Streams the period's rows (all, or those changed since <paramref name="since"/>) into a set, raising scores only.</summary>
    private static async Task<long> CopyRowsAsync(IDatabase db, NpgsqlConnection connection, RankingKey key, RedisKey target, DateTime? since)
    {
        await using var command = new NpgsqlCommand(
            "SELECT user_id, score FROM leaderboard_entries WHERE leaderboard_id = @board AND period_start = @period AND score IS NOT NULL"
            + (since is null ? "" : " AND updated_at >= @since"),
            connection);
        command.Parameters.AddWithValue("board", key.LeaderboardId);
        command.Parameters.AddWithValue("period", key.PeriodStart);
        if (since is { } at) command.Parameters.Add(SqlTimestamp.Of(at, "since"));

        var inFlight = new List<Task>();
        var batch = new List<SortedSetEntry>(BatchSize);
        long rows = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                batch.Add(new SortedSetEntry(RankingKey.Member(reader.GetGuid(0)), reader.GetInt64(1)));
                rows++;
                if (batch.Count < BatchSize) continue;
                inFlight.Add(db.SortedSetAddAsync(target, [.. batch], SortedSetWhen.GreaterThan));
                batch.Clear();
                if (inFlight.Count >= BatchesInFlight)
                {
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                }
            }
        }
        if (batch.Count > 0) inFlight.Add(db.SortedSetAddAsync(target, [.. batch], SortedSetWhen.GreaterThan));
        await Task.WhenAll(inFlight);
        return rows;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt {Key} from PostgreSQL: {Rows} entries, {CaughtUp} caught up, in {Milliseconds:0} ms")]
    private partial void LogRebuilt(string key, long rows, long caughtUp, double milliseconds);
}
