namespace AeThexLive.Analytics.Rollups;

/// <summary>
/// Every figure Analytics shows, defined once, as SQL over the raw facts. Three grains use the
/// same definitions — an hour (UTC) of one broadcast (stream_analytics), a day (UTC) of one channel
/// (channel_analytics) and a whole broadcast (stream_totals) — and differ only in which facts are in
/// scope (the broadcast's or the channel's) and in the bucket's bounds [b_start, b_end).
///
/// A broadcast is on air from its StreamStarted time to its StreamEnded time; until those arrive,
/// from the earliest to the latest moment any of its facts mentions (stream_spans folds both).
/// - streamed seconds: the bucket's overlap with the time on air (hours streamed = ÷ 3600).
/// - watch seconds (minutes watched = ÷ 60): Σ over viewer sessions (ViewerSessionEnded) of the
///   overlap of the session, cut to the time on air, with the bucket.
/// - average viewers: watch seconds ÷ streamed seconds (0 when nothing was streamed).
/// - peak viewers: the highest ViewerCountSampled on air in the bucket, or the broadcast's own
///   StreamEnded.PeakViewers when the whole broadcast lies in the bucket (always for its totals).
/// - unique viewers: distinct viewer ids (signed-in "u:…" and anonymous "a:…" alike) whose session
///   on air touches the bucket; views: distinct (broadcast, viewer) pairs, as Streaming counts views.
/// - average watch time: watch seconds ÷ unique viewers.
/// - chat messages, unique chatters: ChatMessagePosted in the bucket, and their distinct authors.
/// - follows gained, unfollows, new subscriptions, gifts and gifted subscriptions (GiftSent.Count),
///   donations and donated cents: the channel's events in the bucket; a broadcast's share is those
///   that happened while it was on air (the latest-started one, if two overlap).
/// - revenue: donated cents (the only money events carry today).
/// </summary>
internal static class RollupSql
{
    private const string Now = "(now() AT TIME ZONE 'utc')";

    /// <summary>Each broadcast's time on air.</summary>
    private const string Spans = """
        spans AS NOT MATERIALIZED (
            SELECT stream_id, channel_id, reported_peak,
                   coalesce(started_at, first_seen_at) AS live_from, coalesce(ended_at, last_seen_at) AS live_to
            FROM stream_spans),
        channel_events AS NOT MATERIALIZED (
            SELECT 'follow' AS kind, channel_id, followed_at AS at, 1 AS n, 0::bigint AS cents FROM fact_follows
            UNION ALL SELECT 'unfollow', channel_id, unfollowed_at, 1, 0 FROM fact_unfollows
            UNION ALL SELECT 'subscription', channel_id, started_at, 1, 0 FROM fact_subscriptions
            UNION ALL SELECT 'gift', channel_id, sent_at, count, 0 FROM fact_gifts
            UNION ALL SELECT 'donation', channel_id, completed_at, 1, amount_cents FROM fact_donations)
        """;

    /// <summary>The measures of every target bucket t(sid, b_start, b_end); <paramref name="scope"/> is stream or channel.</summary>
    private static string Measures(string scope) => $"""
        live AS (
            SELECT t.sid, t.b_start,
                   sum(greatest(0, extract(epoch FROM least(s.live_to, t.b_end) - greatest(s.live_from, t.b_start)))) AS streamed,
                   count(*) FILTER (WHERE least(s.live_to, t.b_end) > greatest(s.live_from, t.b_start)) AS broadcasts,
                   max(s.reported_peak) FILTER (WHERE s.live_from >= t.b_start AND s.live_to <= t.b_end) AS reported_peak
            FROM t JOIN spans s ON s.{scope}_id = t.sid AND s.live_from <= t.b_end AND s.live_to >= t.b_start
            GROUP BY t.sid, t.b_start),
        watching AS (
            SELECT t.sid, t.b_start,
                   sum(greatest(0, extract(epoch FROM least(c.until, t.b_end) - greatest(c.since, t.b_start)))) AS watched,
                   count(DISTINCT c.viewer_id) AS viewers,
                   count(DISTINCT (c.stream_id, c.viewer_id)) AS views
            FROM t
            JOIN LATERAL (
                SELECT v.stream_id, v.viewer_id, greatest(v.started_at, s.live_from) AS since, least(v.ended_at, s.live_to) AS until
                FROM fact_viewer_sessions v JOIN spans s ON s.stream_id = v.stream_id
                WHERE v.{scope}_id = t.sid AND v.ended_at >= t.b_start AND v.started_at < t.b_end) c
              ON c.since <= c.until
             AND (least(c.until, t.b_end) > greatest(c.since, t.b_start)
                  OR (c.since = c.until AND c.since >= t.b_start AND c.since < t.b_end))
            GROUP BY t.sid, t.b_start),
        sampled AS (
            SELECT t.sid, t.b_start, max(p.viewers) AS peak
            FROM t
            JOIN fact_viewer_samples p ON p.{scope}_id = t.sid AND p.sampled_at >= t.b_start AND p.sampled_at < t.b_end
            JOIN spans s ON s.stream_id = p.stream_id AND p.sampled_at BETWEEN s.live_from AND s.live_to
            GROUP BY t.sid, t.b_start),
        chat AS (
            SELECT t.sid, t.b_start, count(*) AS messages, count(DISTINCT m.user_id) AS chatters
            FROM t JOIN fact_chat_messages m ON m.{scope}_id = t.sid AND m.posted_at >= t.b_start AND m.posted_at < t.b_end
            GROUP BY t.sid, t.b_start),
        events AS ({(scope == "stream" ? BroadcastEvents : ChannelEvents)}),
        money AS (
            SELECT sid, b_start,
                   count(*) FILTER (WHERE kind = 'follow') AS follows,
                   count(*) FILTER (WHERE kind = 'unfollow') AS unfollows,
                   count(*) FILTER (WHERE kind = 'subscription') AS subscriptions,
                   coalesce(sum(n) FILTER (WHERE kind = 'gift'), 0) AS gifted,
                   count(*) FILTER (WHERE kind = 'gift') AS gifts,
                   count(*) FILTER (WHERE kind = 'donation') AS donations,
                   coalesce(sum(cents) FILTER (WHERE kind = 'donation'), 0) AS donation_cents
            FROM events GROUP BY sid, b_start),
        m AS (
            SELECT t.*,
                   round(coalesce(l.streamed, 0))::int AS streamed_seconds,
                   round(coalesce(w.watched, 0))::bigint AS watch_seconds,
                   coalesce(w.viewers, 0)::int AS unique_viewers,
                   coalesce(w.views, 0)::int AS views,
                   greatest(coalesce(p.peak, 0), coalesce(l.reported_peak, 0)) AS peak_viewers,
                   coalesce(c.messages, 0)::int AS chat_messages,
                   coalesce(c.chatters, 0)::int AS unique_chatters,
                   coalesce(e.follows, 0)::int AS follows,
                   coalesce(e.unfollows, 0)::int AS unfollows,
                   coalesce(e.subscriptions, 0)::int AS subscriptions,
                   coalesce(e.gifted, 0)::int AS gifted,
                   coalesce(e.gifts, 0)::int AS gifts,
                   coalesce(e.donations, 0)::int AS donations,
                   coalesce(e.donation_cents, 0)::bigint AS donation_cents,
                   coalesce(l.broadcasts, 0)::int AS broadcasts,
                   (coalesce(l.streamed, 0) > 0 OR w.sid IS NOT NULL OR p.sid IS NOT NULL OR c.sid IS NOT NULL OR e.sid IS NOT NULL
                    OR (t.b_start = '-infinity' AND l.sid IS NOT NULL)) AS has_data
            FROM t
            LEFT JOIN live l ON l.sid = t.sid AND l.b_start = t.b_start
            LEFT JOIN watching w ON w.sid = t.sid AND w.b_start = t.b_start
            LEFT JOIN sampled p ON p.sid = t.sid AND p.b_start = t.b_start
            LEFT JOIN chat c ON c.sid = t.sid AND c.b_start = t.b_start
            LEFT JOIN money e ON e.sid = t.sid AND e.b_start = t.b_start)
        """;

    /// <summary>A broadcast's share of its channel's events: those while it was on air, unless a later-started one was on air too.</summary>
    private const string BroadcastEvents = """
        SELECT t.sid, t.b_start, e.kind, e.n, e.cents
            FROM t JOIN spans x ON x.stream_id = t.sid
            JOIN channel_events e ON e.channel_id = x.channel_id
             AND e.at >= greatest(t.b_start, x.live_from) AND e.at < t.b_end AND e.at <= x.live_to
            WHERE NOT EXISTS (
                SELECT 1 FROM spans y
                WHERE y.channel_id = x.channel_id AND y.stream_id <> x.stream_id AND e.at BETWEEN y.live_from AND y.live_to
                  AND (y.live_from, y.stream_id) > (x.live_from, x.stream_id))
        """;

    private const string ChannelEvents = """
        SELECT t.sid, t.b_start, e.kind, e.n, e.cents
            FROM t JOIN channel_events e ON e.channel_id = t.sid AND e.at >= t.b_start AND e.at < t.b_end
        """;

    private const string Average = "CASE WHEN m.streamed_seconds > 0 THEN round(m.watch_seconds::numeric / m.streamed_seconds) ELSE 0 END::int";
    private const string AverageWatchTime = "CASE WHEN m.unique_viewers > 0 THEN round(m.watch_seconds::numeric / m.unique_viewers) ELSE 0 END::int";

    private static string StreamHours(string targets) => $"""
        WITH t AS ({targets}),
        {Spans},
        {Measures("stream")},
        upserted AS (
            INSERT INTO stream_analytics AS a (id, stream_id, channel_id, hour_timestamp, viewer_count, peak_viewers, avg_watch_time_seconds,
                new_followers, subscriptions, donations_cents, chat_messages, streamed_seconds, watch_seconds, unique_viewers,
                unique_chatters, unfollows, gifted_subscriptions, gifts, donations, updated_at)
            SELECT md5('stream-hour/' || m.sid || '/' || m.b_start)::uuid, m.sid, s.channel_id, m.b_start, {Average}, m.peak_viewers,
                {AverageWatchTime}, m.follows, m.subscriptions, m.donation_cents::int, m.chat_messages, m.streamed_seconds,
                m.watch_seconds, m.unique_viewers, m.unique_chatters, m.unfollows, m.gifted, m.gifts, m.donations, {Now}
            FROM m JOIN stream_spans s ON s.stream_id = m.sid
            WHERE m.has_data
            ORDER BY m.sid, m.b_start
            ON CONFLICT (stream_id, hour_timestamp) DO UPDATE SET
                channel_id = excluded.channel_id, viewer_count = excluded.viewer_count, peak_viewers = excluded.peak_viewers,
                avg_watch_time_seconds = excluded.avg_watch_time_seconds, new_followers = excluded.new_followers,
                subscriptions = excluded.subscriptions, donations_cents = excluded.donations_cents, chat_messages = excluded.chat_messages,
                streamed_seconds = excluded.streamed_seconds, watch_seconds = excluded.watch_seconds,
                unique_viewers = excluded.unique_viewers, unique_chatters = excluded.unique_chatters, unfollows = excluded.unfollows,
                gifted_subscriptions = excluded.gifted_subscriptions, gifts = excluded.gifts, donations = excluded.donations,
                updated_at = excluded.updated_at
            WHERE (a.channel_id, a.viewer_count, a.peak_viewers, a.avg_watch_time_seconds, a.new_followers, a.subscriptions,
                   a.donations_cents, a.chat_messages, a.streamed_seconds, a.watch_seconds, a.unique_viewers, a.unique_chatters,
                   a.unfollows, a.gifted_subscriptions, a.gifts, a.donations)
               IS DISTINCT FROM
                  (excluded.channel_id, excluded.viewer_count, excluded.peak_viewers, excluded.avg_watch_time_seconds,
                   excluded.new_followers, excluded.subscriptions, excluded.donations_cents, excluded.chat_messages,
                   excluded.streamed_seconds, excluded.watch_seconds, excluded.unique_viewers, excluded.unique_chatters,
                   excluded.unfollows, excluded.gifted_subscriptions, excluded.gifts, excluded.donations)),
        emptied AS (
            DELETE FROM stream_analytics a USING m
            WHERE a.stream_id = m.sid AND a.hour_timestamp = m.b_start AND NOT m.has_data)
        SELECT count(*)::int FROM t
        """;

    private static string ChannelDays(string targets) => $"""
        WITH t AS ({targets}),
        {Spans},
        {Measures("channel")},
        upserted AS (
            INSERT INTO channel_analytics AS a (id, channel_id, date, total_views, new_followers, subscriptions, donations_cents,
                revenue_cents, streamed_seconds, watch_seconds, average_viewers, peak_viewers, unique_viewers, chat_messages,
                unique_chatters, unfollows, gifted_subscriptions, gifts, donations, broadcasts, updated_at)
            SELECT md5('channel-day/' || m.sid || '/' || m.b_start)::uuid, m.sid, m.b_start::date, m.views, m.follows, m.subscriptions,
                m.donation_cents::int, m.donation_cents::int, m.streamed_seconds, m.watch_seconds, {Average}, m.peak_viewers,
                m.unique_viewers, m.chat_messages, m.unique_chatters, m.unfollows, m.gifted, m.gifts, m.donations, m.broadcasts, {Now}
            FROM m
            WHERE m.has_data
            ORDER BY m.sid, m.b_start
            ON CONFLICT (channel_id, date) DO UPDATE SET
                total_views = excluded.total_views, new_followers = excluded.new_followers, subscriptions = excluded.subscriptions,
                donations_cents = excluded.donations_cents, revenue_cents = excluded.revenue_cents,
                streamed_seconds = excluded.streamed_seconds, watch_seconds = excluded.watch_seconds,
                average_viewers = excluded.average_viewers, peak_viewers = excluded.peak_viewers,
                unique_viewers = excluded.unique_viewers, chat_messages = excluded.chat_messages,
                unique_chatters = excluded.unique_chatters, unfollows = excluded.unfollows,
                gifted_subscriptions = excluded.gifted_subscriptions, gifts = excluded.gifts, donations = excluded.donations,
                broadcasts = excluded.broadcasts, updated_at = excluded.updated_at
            WHERE (a.total_views, a.new_followers, a.subscriptions, a.donations_cents, a.revenue_cents, a.streamed_seconds,
                   a.watch_seconds, a.average_viewers, a.peak_viewers, a.unique_viewers, a.chat_messages, a.unique_chatters,
                   a.unfollows, a.gifted_subscriptions, a.gifts, a.donations, a.broadcasts)
               IS DISTINCT FROM
                  (excluded.total_views, excluded.new_followers, excluded.subscriptions, excluded.donations_cents,
                   excluded.revenue_cents, excluded.streamed_seconds, excluded.watch_seconds, excluded.average_viewers,
                   excluded.peak_viewers, excluded.unique_viewers, excluded.chat_messages, excluded.unique_chatters,
                   excluded.unfollows, excluded.gifted_subscriptions, excluded.gifts, excluded.donations, excluded.broadcasts)),
        emptied AS (
            DELETE FROM channel_analytics a USING m
            WHERE a.channel_id = m.sid AND a.date = m.b_start::date AND NOT m.has_data)
        SELECT count(*)::int FROM t
        """;

    private static string StreamTotals(string targets) => $"""
        WITH t AS ({targets}),
        {Spans},
        {Measures("stream")},
        upserted AS (
            INSERT INTO stream_totals AS a (stream_id, channel_id, started_at, ended_at, last_seen_at, streamed_seconds, watch_seconds,
                average_viewers, peak_viewers, unique_viewers, avg_watch_time_seconds, chat_messages, unique_chatters, new_followers,
                unfollows, subscriptions, gifted_subscriptions, gifts, donations, donations_cents, updated_at)
            SELECT m.sid, s.channel_id, coalesce(s.started_at, s.first_seen_at), s.ended_at, s.last_seen_at, m.streamed_seconds,
                m.watch_seconds, {Average}, m.peak_viewers, m.unique_viewers, {AverageWatchTime}, m.chat_messages, m.unique_chatters,
                m.follows, m.unfollows, m.subscriptions, m.gifted, m.gifts, m.donations, m.donation_cents, {Now}
            FROM m JOIN stream_spans s ON s.stream_id = m.sid
            WHERE m.has_data
            ORDER BY m.sid
            ON CONFLICT (stream_id) DO UPDATE SET
                channel_id = excluded.channel_id, started_at = excluded.started_at, ended_at = excluded.ended_at,
                last_seen_at = excluded.last_seen_at, streamed_seconds = excluded.streamed_seconds,
                watch_seconds = excluded.watch_seconds, average_viewers = excluded.average_viewers,
                peak_viewers = excluded.peak_viewers, unique_viewers = excluded.unique_viewers,
                avg_watch_time_seconds = excluded.avg_watch_time_seconds, chat_messages = excluded.chat_messages,
                unique_chatters = excluded.unique_chatters, new_followers = excluded.new_followers, unfollows = excluded.unfollows,
                subscriptions = excluded.subscriptions, gifted_subscriptions = excluded.gifted_subscriptions, gifts = excluded.gifts,
                donations = excluded.donations, donations_cents = excluded.donations_cents, updated_at = excluded.updated_at
            WHERE (a.channel_id, a.started_at, a.ended_at, a.last_seen_at, a.streamed_seconds, a.watch_seconds, a.average_viewers,
                   a.peak_viewers, a.unique_viewers, a.avg_watch_time_seconds, a.chat_messages, a.unique_chatters, a.new_followers,
                   a.unfollows, a.subscriptions, a.gifted_subscriptions, a.gifts, a.donations, a.donations_cents)
               IS DISTINCT FROM
                  (excluded.channel_id, excluded.started_at, excluded.ended_at, excluded.last_seen_at, excluded.streamed_seconds,
                   excluded.watch_seconds, excluded.average_viewers, excluded.peak_viewers, excluded.unique_viewers,
                   excluded.avg_watch_time_seconds, excluded.chat_messages, excluded.unique_chatters, excluded.new_followers,
                   excluded.unfollows, excluded.subscriptions, excluded.gifted_subscriptions, excluded.gifts, excluded.donations,
                   excluded.donations_cents)),
        emptied AS (
            DELETE FROM stream_totals a USING m WHERE a.stream_id = m.sid AND NOT m.has_data)
        SELECT count(*)::int FROM t
        """;

    // Dirty marks are a log that batches append to, in the transaction that writes their facts, so
    // a worker sees a mark only once its facts are committed. A pass claims the marks of the buckets
    // a page of the log names by deleting them, and computes those buckets in the next statement of
    // the same transaction, whose snapshot is taken after the claim: every fact behind a claimed mark
    // is visible to it.
    // A fact committed after the claim left its own mark for the next pass. Passes of one kind hold
    // an advisory lock in turn (RollupRunner), so two never compute a bucket from different snapshots
    // and commit the older one last; a failed pass rolls its claim back.

    // A page of the log names some buckets; the claim takes every mark of those buckets, so a busy
    // bucket marked by a hundred batches is computed once, not once per page. Every row returned
    // carries the page's size: a full page means more may be waiting.

    public const string ClaimStreamHours = """
        WITH page AS (SELECT stream_id, hour FROM dirty_stream_hours ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED),
             taken AS (DELETE FROM dirty_stream_hours d WHERE (d.stream_id, d.hour) IN (SELECT stream_id, hour FROM page)
                       RETURNING d.stream_id, d.hour)
        SELECT DISTINCT stream_id, hour, (SELECT count(*) FROM page)::int FROM taken
        """;

    public const string ClaimChannelDays = """
        WITH page AS (SELECT channel_id, day FROM dirty_channel_days ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED),
             taken AS (DELETE FROM dirty_channel_days d WHERE (d.channel_id, d.day) IN (SELECT channel_id, day FROM page)
                       RETURNING d.channel_id, d.day)
        SELECT DISTINCT channel_id, day::timestamp, (SELECT count(*) FROM page)::int FROM taken
        """;

    public const string ClaimStreams = """
        WITH page AS (SELECT stream_id FROM dirty_streams ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED),
             taken AS (DELETE FROM dirty_streams d WHERE d.stream_id IN (SELECT stream_id FROM page) RETURNING d.stream_id)
        SELECT DISTINCT stream_id, NULL::timestamp, (SELECT count(*) FROM page)::int FROM taken
        """;

    public static readonly string StreamHoursOf = StreamHours(
        "SELECT sid, b_start, b_start + interval '1 hour' AS b_end FROM unnest(@sid, @b_start) AS x(sid, b_start)");

    public static readonly string ChannelDaysOf = ChannelDays(
        "SELECT sid, b_start, b_start + interval '1 day' AS b_end FROM unnest(@sid, @b_start) AS x(sid, b_start)");

    public static readonly string StreamTotalsOf = StreamTotals(
        "SELECT sid, '-infinity'::timestamp AS b_start, 'infinity'::timestamp AS b_end FROM unnest(@sid) AS x(sid)");

    // A rebuild computes every bucket any fact falls in, and every bucket that has a row now (so a
    // row whose facts are gone is removed): the same statements over a different target list.

    public static readonly string AllStreamHours = StreamHours("""
        SELECT sid, b_start, b_start + interval '1 hour' AS b_end FROM (
                SELECT s.stream_id AS sid, generate_series(date_trunc('hour', coalesce(s.started_at, s.first_seen_at)),
                    date_trunc('hour', coalesce(s.ended_at, s.last_seen_at)), interval '1 hour') AS b_start
                FROM stream_spans s
                UNION SELECT stream_id, date_trunc('hour', posted_at) FROM fact_chat_messages
                UNION SELECT stream_id, hour_timestamp FROM stream_analytics) x
        """);

    public static readonly string AllChannelDays = ChannelDays("""
        SELECT sid, b_start, b_start + interval '1 day' AS b_end FROM (
                SELECT s.channel_id AS sid, generate_series(date_trunc('day', coalesce(s.started_at, s.first_seen_at)),
                    date_trunc('day', coalesce(s.ended_at, s.last_seen_at)), interval '1 day') AS b_start
                FROM stream_spans s
                UNION SELECT channel_id, date_trunc('day', posted_at) FROM fact_chat_messages
                UNION SELECT channel_id, date_trunc('day', followed_at) FROM fact_follows
                UNION SELECT channel_id, date_trunc('day', unfollowed_at) FROM fact_unfollows
                UNION SELECT channel_id, date_trunc('day', started_at) FROM fact_subscriptions
                UNION SELECT channel_id, date_trunc('day', sent_at) FROM fact_gifts
                UNION SELECT channel_id, date_trunc('day', completed_at) FROM fact_donations
                UNION SELECT channel_id, date::timestamp FROM channel_analytics) x
        """);

    public static readonly string AllStreamTotals = StreamTotals("""
        SELECT sid, '-infinity'::timestamp AS b_start, 'infinity'::timestamp AS b_end FROM (
                SELECT stream_id AS sid FROM stream_spans UNION SELECT stream_id FROM stream_totals) x
        """);

    /// <summary>The same figures over any ranges [b_start, b_end) of one channel (the summary's periods), straight from the facts.</summary>
    public static readonly string ChannelRanges = $"""
        WITH t AS (SELECT * FROM unnest(@sid, @b_start, @b_end) AS t(sid, b_start, b_end)),
        {Spans},
        {Measures("channel")}
        SELECT b_start, streamed_seconds, watch_seconds, peak_viewers, unique_viewers, views, chat_messages, unique_chatters,
               follows, unfollows, subscriptions, gifted, gifts, donations, donation_cents, broadcasts
        FROM m ORDER BY b_start
        """;

    /// <summary>Folds every fact into stream_spans again, exactly as the batches do one by one (min, max, first non-null).</summary>
    public const string AllSpans = """
        WITH times AS (
            SELECT stream_id, channel_id, started_at AS started, NULL::timestamp AS ended, NULL::int AS peak,
                   started_at AS first_seen, started_at AS last_seen FROM fact_stream_starts
            UNION ALL SELECT stream_id, channel_id, started_at, ended_at, peak_viewers, started_at, ended_at FROM fact_stream_ends
            UNION ALL SELECT stream_id, channel_id, NULL, NULL, NULL, sampled_at, sampled_at FROM fact_viewer_samples
            UNION ALL SELECT stream_id, channel_id, NULL, NULL, NULL, started_at, ended_at FROM fact_viewer_sessions
            UNION ALL SELECT stream_id, channel_id, NULL, NULL, NULL, posted_at, posted_at FROM fact_chat_messages),
        folded AS (
            SELECT stream_id, min(channel_id::text)::uuid AS channel_id, min(started) AS started_at, max(ended) AS ended_at,
                   max(peak) AS reported_peak, min(first_seen) AS first_seen_at, max(last_seen) AS last_seen_at
            FROM times GROUP BY stream_id),
        upserted AS (
            INSERT INTO stream_spans AS s (stream_id, channel_id, started_at, ended_at, reported_peak, first_seen_at, last_seen_at)
            SELECT * FROM folded ORDER BY stream_id
            ON CONFLICT (stream_id) DO UPDATE SET channel_id = excluded.channel_id, started_at = excluded.started_at,
                ended_at = excluded.ended_at, reported_peak = excluded.reported_peak, first_seen_at = excluded.first_seen_at,
                last_seen_at = excluded.last_seen_at
            WHERE (s.channel_id, s.started_at, s.ended_at, s.reported_peak, s.first_seen_at, s.last_seen_at)
               IS DISTINCT FROM (excluded.channel_id, excluded.started_at, excluded.ended_at, excluded.reported_peak,
                                 excluded.first_seen_at, excluded.last_seen_at))
        DELETE FROM stream_spans s WHERE NOT EXISTS (SELECT 1 FROM folded f WHERE f.stream_id = s.stream_id)
        """;
}
