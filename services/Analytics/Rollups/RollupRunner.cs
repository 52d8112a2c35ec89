using System.Diagnostics;
using AeThexLive.Analytics.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Analytics.Rollups;

public sealed record RebuildResult(int Broadcasts, int StreamHours, int ChannelDays, long ElapsedMilliseconds);

/// <summary>
/// Recomputes rollup rows from the facts, set-wise (<see cref="RollupSql"/>): the dirty buckets a
/// page at a time, or everything at once for a rebuild. Workers share an advisory lock that a
/// rebuild takes alone, so a rebuild never interleaves with a worker's pass; passes of one kind
/// also take that kind's lock in turn, so two replicas never commit one bucket from two snapshots.
/// </summary>
public sealed class RollupRunner(AnalyticsDbContext db, IOptions<AnalyticsOptions> options)
{
    private const long RollupLock = 0x616e616c79746963; // "analytic"

    /// <returns>The largest page of marks of one kind this pass read: a full page means more may be waiting.</returns>
    public async Task<int> RecomputeDirtyAsync(CancellationToken cancellationToken)
    {
        var most = 0;
        foreach (var (kind, claim, compute) in new[]
                 {
                     (1, RollupSql.ClaimStreamHours, RollupSql.StreamHoursOf),
                     (2, RollupSql.ClaimStreams, RollupSql.StreamTotalsOf),
                     (3, RollupSql.ClaimChannelDays, RollupSql.ChannelDaysOf),
                 })
        {
            most = Math.Max(most, await RecomputeAsync(RollupLock + kind, claim, compute, cancellationToken));
        }
        return most;
    }

    private async Task<int> RecomputeAsync(long kindLock, string claim, string compute, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        var ids = new List<Guid>();
        var starts = new List<DateTime>();
        var marks = 0;
        await using (var take = new NpgsqlBatch(connection, npgsqlTransaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared(@lock)") { Parameters = { new("lock", RollupLock) } },
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@lock)") { Parameters = { new("lock", kindLock) } },
                new NpgsqlBatchCommand(claim) { Parameters = { new("limit", options.Value.RollupMarksPerPass) } },
            },
        })
        {
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(0));
                starts.Add(reader.IsDBNull(1) ? default : reader.GetDateTime(1));
                marks = reader.GetInt32(2);
            }
        }
        if (ids.Count > 0)
        {
            await using var command = new NpgsqlCommand(compute, connection, npgsqlTransaction);
            command.Parameters.Add(new NpgsqlParameter("sid", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
            command.Parameters.Add(new NpgsqlParameter("b_start", NpgsqlDbType.Array | NpgsqlDbType.Timestamp) { Value = starts.ToArray() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return marks;
    }

    /// <summary>
    /// Recomputes every span and rollup row from the facts in one transaction; rows whose facts
    /// are gone are removed. Buckets marked dirty meanwhile stay marked and are computed again after.
    /// </summary>
    public async Task<RebuildResult> RebuildAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        try
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@lock)", cancellationToken);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                foreach (var sql in new[] { RollupSql.AllSpans, RollupSql.AllStreamHours, RollupSql.AllStreamTotals, RollupSql.AllChannelDays })
                {
                    await ExecuteAsync(connection, transaction, sql, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@lock)", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
        return new RebuildResult(
            await db.StreamTotals.CountAsync(cancellationToken),
            await db.StreamAnalytics.CountAsync(cancellationToken),
            await db.ChannelAnalytics.CountAsync(cancellationToken),
            clock.ElapsedMilliseconds);
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction)
        {
            CommandTimeout = (int)options.Value.RebuildTimeout.TotalSeconds,
        };
        command.Parameters.AddWithValue("lock", RollupLock);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
