using System.Diagnostics.Metrics;
using AeThexLive.Analytics.Data;
using AeThexLive.Messaging;
using AeThexLive.Analytics.Rollups;
using AeThexLive.Analytics.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Analytics.Ingest;

/// <summary>
/// Writes a batch of events as raw facts, in one transaction with its consequences: the facts
/// (INSERT … ON CONFLICT DO NOTHING on their natural keys, so a fact already recorded — replayed,
/// redelivered, re-sent under a new message id — is skipped), the broadcasts' spans on air, and
/// the buckets whose figures the new facts change, marked dirty for <see cref="RollupWorker"/>.
/// Only facts that were new mark anything, so a replay costs a few index probes and no rollup work.
/// </summary>
public sealed class FactWriter(AnalyticsDbContext db, RollupSignal signal, IMeterFactory meters)
{
    private readonly Counter<long> _recorded = meters.Create("AeThexLive.Analytics").CreateCounter<long>("analytics.facts.recorded");
    private readonly Counter<long> _skipped = meters.Create("AeThexLive.Analytics").CreateCounter<long>("analytics.facts.duplicates");

    /// <returns>How many of the batch's facts were new.</returns>
    public async Task<int> WriteAsync(FactBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();

        var (broadcastFacts, channelFacts, oldSpans) = await InsertFactsAsync(connection, npgsqlTransaction, batch, cancellationToken);
        var recorded = broadcastFacts.Count + channelFacts.Count;
        if (recorded > 0)
        {
            var pieces = new List<Piece>(broadcastFacts.Select(f => new Piece(f.StreamId, f.ChannelId, f.From, f.To)));
            if (broadcastFacts.Count > 0) pieces.AddRange(await FoldSpansAsync(connection, npgsqlTransaction, broadcastFacts, oldSpans, cancellationToken));
            await MarkDirtyAsync(connection, npgsqlTransaction, pieces, channelFacts, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);

        _recorded.Add(recorded);
        _skipped.Add(batch.Count - recorded);
        if (recorded > 0) signal.Notify();
        return recorded;
    }

    /// <summary>A new fact of a broadcast: the time it covers, and what it says about the broadcast's start and end.</summary>
    private sealed record BroadcastFact(Guid StreamId, Guid ChannelId, DateTime From, DateTime To, DateTime? Started, DateTime? Ended, int? Peak);

    /// <summary>A new fact of a channel at one moment (a follow, a donation…).</summary>
    private sealed record ChannelFact(Guid ChannelId, DateTime At);

    /// <summary>A stretch of a broadcast whose buckets need recomputing.</summary>
    private sealed record Piece(Guid StreamId, Guid ChannelId, DateTime From, DateTime To);

    private sealed record Span(Guid ChannelId, DateTime LiveFrom, DateTime LiveTo);

    private static async Task<(List<BroadcastFact>, List<ChannelFact>, Dictionary<Guid, Span>)> InsertFactsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, FactBatch batch, CancellationToken cancellationToken)
    {
        await using var commands = new NpgsqlBatch(connection, transaction);
        var kinds = new List<bool>(); // per command: true when it returns broadcast facts
        void Add(bool broadcast, string sql, params NpgsqlParameter[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddRange(parameters);
            commands.BatchCommands.Add(command);
            kinds.Add(broadcast);
        }

        if (batch.StreamsStarted.Count > 0)
        {
            var rows = batch.StreamsStarted;
            Add(true, """
                INSERT INTO fact_stream_starts (stream_id, channel_id, started_at)
                SELECT * FROM unnest(@s, @c, @t) ORDER BY 1
                ON CONFLICT DO NOTHING
                RETURNING stream_id, channel_id, started_at, started_at, started_at, NULL::timestamp, NULL::int
                """,
                Uuids("s", rows.Select(r => r.StreamId)), Uuids("c", rows.Select(r => r.ChannelId)), Times("t", rows.Select(r => r.StartedAt)));
        }
        if (batch.StreamsEnded.Count > 0)
        {
            var rows = batch.StreamsEnded;
            Add(true, """
                INSERT INTO fact_stream_ends (stream_id, channel_id, started_at, ended_at, peak_viewers, unique_viewers)
                SELECT s, c, f, greatest(f, t), p, u FROM unnest(@s, @c, @f, @t, @p, @u) AS x(s, c, f, t, p, u) ORDER BY 1
                ON CONFLICT DO NOTHING
                RETURNING stream_id, channel_id, started_at, ended_at, started_at, ended_at, peak_viewers
                """,
                Uuids("s", rows.Select(r => r.StreamId)), Uuids("c", rows.Select(r => r.ChannelId)), Times("f", rows.Select(r => r.StartedAt)),
                Times("t", rows.Select(r => r.EndedAt)), Ints("p", rows.Select(r => r.PeakViewers)), Ints("u", rows.Select(r => r.UniqueViewers)));
        }
        if (batch.ViewerCounts.Count > 0)
        {
            var rows = batch.ViewerCounts;
            Add(true, """
                INSERT INTO fact_viewer_samples (stream_id, sampled_at, channel_id, viewers)
                SELECT * FROM unnest(@s, @t, @c, @v) ORDER BY 1, 2
                ON CONFLICT DO NOTHING
                RETURNING stream_id, channel_id, sampled_at, sampled_at, NULL::timestamp, NULL::timestamp, NULL::int
                """,
                Uuids("s", rows.Select(r => r.StreamId)), Times("t", rows.Select(r => r.SampledAt)), Uuids("c", rows.Select(r => r.ChannelId)),
                Ints("v", rows.Select(r => Math.Max(0, r.Viewers))));
        }
        if (batch.ViewerSessions.Count > 0)
        {
            var rows = batch.ViewerSessions;
            Add(true, """
                INSERT INTO fact_viewer_sessions (stream_id, viewer_id, started_at, channel_id, user_id, ended_at)
                SELECT s, v, f, c, u, greatest(f, t) FROM unnest(@s, @v, @f, @c, @u, @t) AS x(s, v, f, c, u, t) ORDER BY 1, 2, 3
                ON CONFLICT DO NOTHING
                RETURNING stream_id, channel_id, started_at, ended_at, NULL::timestamp, NULL::timestamp, NULL::int
                """,
                Uuids("s", rows.Select(r => r.StreamId)), Texts("v", rows.Select(r => r.ViewerId), 100), Times("f", rows.Select(r => r.StartedAt)),
                Uuids("c", rows.Select(r => r.ChannelId)), OptionalUuids("u", rows.Select(r => r.UserId)), Times("t", rows.Select(r => r.EndedAt)));
        }
        if (batch.ChatMessages.Count > 0)
        {
            var rows = batch.ChatMessages;
            Add(true, """
                INSERT INTO fact_chat_messages (message_id, stream_id, channel_id, user_id, posted_at)
                SELECT * FROM unnest(@m, @s, @c, @u, @t) ORDER BY 1
                ON CONFLICT DO NOTHING
                RETURNING stream_id, channel_id, posted_at, posted_at, NULL::timestamp, NULL::timestamp, NULL::int
                """,
                Uuids("m", rows.Select(r => r.MessageId)), Uuids("s", rows.Select(r => r.StreamId)), Uuids("c", rows.Select(r => r.ChannelId)),
                Uuids("u", rows.Select(r => r.UserId)), Times("t", rows.Select(r => r.PostedAt)));
        }
        if (batch.Follows.Count > 0)
        {
            var rows = batch.Follows;
            Add(false, """
                INSERT INTO fact_follows (channel_id, user_id, followed_at)
                SELECT * FROM unnest(@c, @u, @t) ORDER BY 1, 2, 3
                ON CONFLICT DO NOTHING
                RETURNING channel_id, followed_at
                """,
                Uuids("c", rows.Select(r => r.ChannelId)), Uuids("u", rows.Select(r => r.UserId)), Times("t", rows.Select(r => r.FollowedAt)));
        }
        if (batch.Unfollows.Count > 0)
        {
            var rows = batch.Unfollows;
            Add(false, """
                INSERT INTO fact_unfollows (channel_id, user_id, unfollowed_at)
                SELECT * FROM unnest(@c, @u, @t) ORDER BY 1, 2, 3
                ON CONFLICT DO NOTHING
                RETURNING channel_id, unfollowed_at
                """,
                Uuids("c", rows.Select(r => r.ChannelId)), Uuids("u", rows.Select(r => r.UserId)), Times("t", rows.Select(r => r.UnfollowedAt)));
        }
        if (batch.Subscriptions.Count > 0)
        {
            var rows = batch.Subscriptions;
            Add(false, """
                INSERT INTO fact_subscriptions (subscription_id, channel_id, user_id, tier, started_at)
                SELECT * FROM unnest(@i, @c, @u, @k, @t) ORDER BY 1
                ON CONFLICT DO NOTHING
                RETURNING channel_id, started_at
                """,
                Uuids("i", rows.Select(r => r.SubscriptionId)), Uuids("c", rows.Select(r => r.ChannelId)), Uuids("u", rows.Select(r => r.UserId)),
                Texts("k", rows.Select(r => r.Tier), 20), Times("t", rows.Select(r => r.StartedAt)));
        }
        if (batch.Gifts.Count > 0)
        {
            var rows = batch.Gifts;
            Add(false, """
                INSERT INTO fact_gifts (gift_id, channel_id, sender_id, tier, count, sent_at)
                SELECT * FROM unnest(@i, @c, @u, @k, @n, @t) ORDER BY 1
                ON CONFLICT DO NOTHING
                RETURNING channel_id, sent_at
                """,
                Uuids("i", rows.Select(r => r.GiftId)), Uuids("c", rows.Select(r => r.ChannelId)), Uuids("u", rows.Select(r => r.SenderId)),
                Texts("k", rows.Select(r => r.Tier), 20), Ints("n", rows.Select(r => Math.Max(0, r.Count))), Times("t", rows.Select(r => r.SentAt)));
        }
        if (batch.Donations.Count > 0)
        {
            var rows = batch.Donations;
            Add(false, """
                INSERT INTO fact_donations (donation_id, channel_id, donor_id, amount_cents, currency, completed_at)
                SELECT * FROM unnest(@i, @c, @u, @a, @k, @t) ORDER BY 1
                ON CONFLICT DO NOTHING
                RETURNING channel_id, completed_at
                """,
                Uuids("i", rows.Select(r => r.DonationId)), Uuids("c", rows.Select(r => r.ChannelId)), OptionalUuids("u", rows.Select(r => r.DonorId)),
                new NpgsqlParameter("a", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => Math.Max(0, r.AmountCents)).ToArray() },
                Texts("k", rows.Select(r => r.Currency.ToUpperInvariant()), 3), Times("t", rows.Select(r => r.CompletedAt)));
        }

        // The spans of the batch's broadcasts, locked (in id order, as every batch locks them) before they are folded.
        var streamIds = batch.StreamsStarted.Select(e => e.StreamId).Concat(batch.StreamsEnded.Select(e => e.StreamId))
            .Concat(batch.ViewerCounts.Select(e => e.StreamId)).Concat(batch.ViewerSessions.Select(e => e.StreamId))
            .Concat(batch.ChatMessages.Select(e => e.StreamId)).Distinct().Order().ToArray();
        if (streamIds.Length > 0)
        {
            var lockSpans = new NpgsqlBatchCommand("""
                SELECT stream_id, channel_id, coalesce(started_at, first_seen_at), coalesce(ended_at, last_seen_at)
                FROM stream_spans WHERE stream_id = ANY(@ids) ORDER BY stream_id FOR UPDATE
                """);
            lockSpans.Parameters.Add(Uuids("ids", streamIds));
            commands.BatchCommands.Add(lockSpans);
        }

        var broadcastFacts = new List<BroadcastFact>();
        var channelFacts = new List<ChannelFact>();
        var oldSpans = new Dictionary<Guid, Span>();
        await using var reader = await commands.ExecuteReaderAsync(cancellationToken);
        foreach (var broadcast in kinds)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (broadcast)
                {
                    broadcastFacts.Add(new BroadcastFact(reader.GetGuid(0), reader.GetGuid(1), reader.GetDateTime(2), reader.GetDateTime(3),
                        reader.IsDBNull(4) ? null : reader.GetDateTime(4), reader.IsDBNull(5) ? null : reader.GetDateTime(5),
                        reader.IsDBNull(6) ? null : reader.GetInt32(6)));
                }
                else
                {
                    channelFacts.Add(new ChannelFact(reader.GetGuid(0), reader.GetDateTime(1)));
                }
            }
            await reader.NextResultAsync(cancellationToken);
        }
        if (streamIds.Length > 0)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                oldSpans[reader.GetGuid(0)] = new Span(reader.GetGuid(1), reader.GetDateTime(2), reader.GetDateTime(3));
            }
        }
        return (broadcastFacts, channelFacts, oldSpans);
    }

    /// <summary>
    /// Folds the new facts into their broadcasts' spans and returns the stretches whose buckets
    /// that changes: where the time on air started or ended before and where it does now.
    /// </summary>
    private static async Task<List<Piece>> FoldSpansAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<BroadcastFact> facts, Dictionary<Guid, Span> oldSpans, CancellationToken cancellationToken)
    {
        await using var fold = new NpgsqlCommand("""
            INSERT INTO stream_spans AS s (stream_id, channel_id, started_at, ended_at, reported_peak, first_seen_at, last_seen_at)
            SELECT stream_id, min(channel_id::text COLLATE "C")::uuid, min(started), max(ended), max(peak), min(f), max(t)
            FROM unnest(@s, @c, @st, @en, @pk, @f, @t) AS x(stream_id, channel_id, started, ended, peak, f, t)
            GROUP BY stream_id ORDER BY stream_id
            ON CONFLICT (stream_id) DO UPDATE SET
                channel_id = least(s.channel_id, excluded.channel_id),
                started_at = least(s.started_at, excluded.started_at),
                ended_at = greatest(s.ended_at, excluded.ended_at),
                reported_peak = greatest(s.reported_peak, excluded.reported_peak),
                first_seen_at = least(s.first_seen_at, excluded.first_seen_at),
                last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)
            RETURNING stream_id, channel_id, coalesce(started_at, first_seen_at), coalesce(ended_at, last_seen_at)
            """, connection, transaction);
        fold.Parameters.Add(Uuids("s", facts.Select(f => f.StreamId)));
        fold.Parameters.Add(Uuids("c", facts.Select(f => f.ChannelId)));
        fold.Parameters.Add(OptionalTimes("st", facts.Select(f => f.Started)));
        fold.Parameters.Add(OptionalTimes("en", facts.Select(f => f.Ended)));
        fold.Parameters.Add(new NpgsqlParameter("pk", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = facts.Select(f => f.Peak).ToArray() });
        fold.Parameters.Add(Times("f", facts.Select(f => f.From)));
        fold.Parameters.Add(Times("t", facts.Select(f => f.To)));

        var pieces = new List<Piece>();
        await using var reader = await fold.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (streamId, channelId) = (reader.GetGuid(0), reader.GetGuid(1));
            var now = new Span(channelId, reader.GetDateTime(2), reader.GetDateTime(3));
            if (!oldSpans.TryGetValue(streamId, out var before))
            {
                pieces.Add(new Piece(streamId, channelId, now.LiveFrom, now.LiveTo));
                continue;
            }
            if (before.LiveFrom != now.LiveFrom) pieces.Add(Between(streamId, channelId, before.LiveFrom, now.LiveFrom));
            if (before.LiveTo != now.LiveTo) pieces.Add(Between(streamId, channelId, before.LiveTo, now.LiveTo));
        }
        return pieces;
    }

    private static Piece Between(Guid streamId, Guid channelId, DateTime a, DateTime b) =>
        new(streamId, channelId, a < b ? a : b, a < b ? b : a);

    /// <summary>
    /// Marks dirty the hours and totals of the broadcasts each piece touches — its own, and any
    /// other broadcast of the channel on air then, whose share of the channel's events may move —
    /// the broadcasts on air at each channel fact, and the channel days of all of them.
    /// </summary>
    private static async Task MarkDirtyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<Piece> pieces, List<ChannelFact> channelFacts, CancellationToken cancellationToken)
    {
        var marks = new List<Piece>();
        await using (var find = new NpgsqlCommand("""
            WITH pieces AS (SELECT * FROM unnest(@ps, @pc, @pf, @pt) AS p(stream_id, channel_id, f, t)),
                 points AS (SELECT * FROM unnest(@ec, @ea) AS e(channel_id, at)),
                 spans AS (
                    SELECT stream_id, channel_id, coalesce(started_at, first_seen_at) AS live_from, coalesce(ended_at, last_seen_at) AS live_to
                    FROM stream_spans WHERE channel_id IN (SELECT channel_id FROM pieces UNION SELECT channel_id FROM points))
            SELECT stream_id, channel_id, f, t FROM pieces
            UNION
            SELECT s.stream_id, s.channel_id, greatest(p.f, s.live_from), least(p.t, s.live_to)
            FROM pieces p JOIN spans s ON s.channel_id = p.channel_id AND s.stream_id <> p.stream_id AND s.live_from <= p.t AND s.live_to >= p.f
            UNION
            SELECT s.stream_id, s.channel_id, e.at, e.at
            FROM points e JOIN spans s ON s.channel_id = e.channel_id AND e.at BETWEEN s.live_from AND s.live_to
            """, connection, transaction))
        {
            find.Parameters.Add(Uuids("ps", pieces.Select(p => p.StreamId)));
            find.Parameters.Add(Uuids("pc", pieces.Select(p => p.ChannelId)));
            find.Parameters.Add(Times("pf", pieces.Select(p => p.From)));
            find.Parameters.Add(Times("pt", pieces.Select(p => p.To)));
            find.Parameters.Add(Uuids("ec", channelFacts.Select(f => f.ChannelId)));
            find.Parameters.Add(Times("ea", channelFacts.Select(f => f.At)));
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                marks.Add(new Piece(reader.GetGuid(0), reader.GetGuid(1), reader.GetDateTime(2), reader.GetDateTime(3)));
            }
        }

        var days = marks.Select(m => (m.ChannelId, m.From, m.To)).Concat(channelFacts.Select(f => (f.ChannelId, From: f.At, To: f.At))).ToList();
        // Appended, not upserted: a mark is invisible to workers until this batch commits, so no
        // worker computes the bucket before these facts are visible, and a batch never waits for a
        // worker (or another batch) holding the same bucket (RollupSql explains).
        await using var dirty = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    INSERT INTO dirty_streams (stream_id) SELECT DISTINCT s FROM unnest(@s) AS x(s)
                    """) { Parameters = { Uuids("s", marks.Select(m => m.StreamId)) } },
                new NpgsqlBatchCommand("""
                    INSERT INTO dirty_stream_hours (stream_id, hour)
                    SELECT DISTINCT x.s, h FROM unnest(@s, @f, @t) AS x(s, f, t),
                        generate_series(date_trunc('hour', x.f), date_trunc('hour', x.t), interval '1 hour') AS h
                    """) { Parameters = { Uuids("s", marks.Select(m => m.StreamId)), Times("f", marks.Select(m => m.From)), Times("t", marks.Select(m => m.To)) } },
                new NpgsqlBatchCommand("""
                    INSERT INTO dirty_channel_days (channel_id, day)
                    SELECT DISTINCT x.c, d::date FROM unnest(@c, @f, @t) AS x(c, f, t),
                        generate_series(date_trunc('day', x.f), date_trunc('day', x.t), interval '1 day') AS d
                    """) { Parameters = { Uuids("c", days.Select(d => d.ChannelId)), Times("f", days.Select(d => d.From)), Times("t", days.Select(d => d.To)) } },
            },
        };
        await dirty.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Uuids(string name, IEnumerable<Guid> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = values.ToArray() };

    private static NpgsqlParameter OptionalUuids(string name, IEnumerable<Guid?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = values.ToArray() };

    private static NpgsqlParameter Ints(string name, IEnumerable<int> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = values.ToArray() };

    private static NpgsqlParameter Texts(string name, IEnumerable<string> values, int maxLength) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = values.Select(v => v.Length > maxLength ? v[..maxLength] : v).ToArray() };

    /// <summary>Times are UTC, stored in TIMESTAMP columns (as everywhere in the platform).</summary>
    private static NpgsqlParameter Times(string name, IEnumerable<DateTime> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Timestamp) { Value = values.Select(SqlTimestamp.Stored).ToArray() };

    private static NpgsqlParameter OptionalTimes(string name, IEnumerable<DateTime?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Timestamp) { Value = values.Select(v => v is { } time ? SqlTimestamp.Stored(time) : (DateTime?)null).ToArray() };

}
