using AeThexLive.Analytics.Data;
using AeThexLive.Contracts.Chat;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static AeThexLive.Analytics.Tests.Scenario;

namespace AeThexLive.Analytics.Tests;

/// <summary>The scripted scenario against a real PostgreSQL: every hourly, daily and total figure, value by value.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScenarioTests(LocalPostgres postgres)
{
    private sealed record Hour(DateTime At, int Streamed, long Watch, int AverageViewers, int Peak, int Unique, int AvgWatchTime, int Chat,
        int Chatters, int Follows, int Unfollows, int Subscriptions, int Gifted, int Gifts, int Donations, int DonationCents);

    private sealed record Day(DateOnly Date, int Broadcasts, int Streamed, long Watch, int AverageViewers, int Peak, int Unique, int Views,
        int Chat, int Chatters, int Follows, int Unfollows, int Subscriptions, int Gifted, int Gifts, int Donations, int DonationCents, int Revenue);

    private sealed record Totals(Guid Stream, DateTime StartedAt, DateTime? EndedAt, int Streamed, long Watch, int AverageViewers, int Peak,
        int Unique, int AvgWatchTime, int Chat, int Chatters, int Follows, int Unfollows, int Subscriptions, int Gifted, int Gifts,
        int Donations, long DonationCents);

    private static readonly Hour[] FirstHours =
    [
        // 22:30–23:00: early-bird 300 s (cut at the start), user 1 1,200 s, night-owl 600 s.
        new(Nov20(22, 0), 1800, 2100, 1, 3, 3, 700, 2, 2, 1, 0, 0, 0, 0, 0, 0),
        // user 1 1,200 + 600 s, night-owl 3,600 s: 1.5 average viewers, rounded half up; the donation at 23:15.
        new(Nov20(23, 0), 3600, 5400, 2, 2, 2, 2700, 2, 1, 0, 0, 0, 0, 0, 1, 500),
        // 00:00–00:30: night-owl 600, user 1 1,200, latecomer 300 s (cut at the end); the 00:35 sample of 9 is after the end.
        new(Nov21(0, 0), 1800, 2100, 1, 2, 3, 700, 2, 2, 1, 0, 0, 0, 0, 0, 0),
    ];

    // The whole broadcast lies in 10:00–11:00, so its own peak of 5 is that hour's.
    private static readonly Hour[] SecondHours = [new(Nov21(10, 0), 1800, 2280, 1, 5, 2, 1140, 1, 1, 0, 0, 1, 3, 1, 0, 0)];

    private static readonly Day[] Days =
    [
        new(new DateOnly(2026, 11, 20), 1, 5400, 7500, 1, 3, 3, 3, 4, 2, 1, 0, 0, 0, 0, 1, 500, 500),
        new(new DateOnly(2026, 11, 21), 2, 3600, 4380, 1, 5, 5, 5, 3, 3, 2, 1, 1, 3, 1, 0, 0, 0),
    ];

    private static readonly Totals[] BroadcastTotals =
    [
        new(First, Nov20(22, 30), Nov21(0, 30), 7200, 9600, 1, 4, 4, 2400, 6, 3, 2, 0, 0, 0, 0, 1, 500),
        new(Second, Nov21(10, 15), Nov21(10, 45), 1800, 2280, 1, 5, 2, 1140, 1, 1, 0, 0, 1, 3, 1, 0, 0),
    ];

    [Fact]
    public async Task A_scripted_evening_gives_exactly_the_expected_hourly_daily_and_total_rows()
    {
        await using var database = await AnalyticsDatabase.CreateAsync(postgres);
        var events = Events();
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(1, await database.WriteAsync(Batch([events[i]])));
            // The worker runs while events still arrive: later events must re-dirty what they change.
            if (i % 4 == 3) await database.RollUpAsync();
        }
        await database.RollUpAsync();

        await AssertExpectedRowsAsync(database);
        Assert.Equal(0, await database.CountAsync("dirty_stream_hours") + await database.CountAsync("dirty_streams")
                        + await database.CountAsync("dirty_channel_days"));
    }

    [Fact]
    public async Task A_batch_is_written_while_a_rollup_pass_holds_its_bucket_and_counts_in_the_next_pass()
    {
        await using var database = await AnalyticsDatabase.CreateAsync(postgres);
        await database.WriteAsync(Batch(Events()));
        await database.RollUpAsync();
        var chatBefore = await ChatOfFirstAsync(database);
        await database.WriteAsync(Batch([new ChatMessagePosted(Guid.CreateVersion7(), First, ChannelId, User2, Nov20(23, 10))]));

        // A pass (of a replica, say) has claimed the bucket's marks and is still computing.
        await using var worker = new NpgsqlConnection(database.ConnectionString);
        await worker.OpenAsync();
        await using (var pass = await worker.BeginTransactionAsync())
        {
            await using (var claim = new NpgsqlCommand("DELETE FROM dirty_stream_hours; DELETE FROM dirty_streams; DELETE FROM dirty_channel_days", worker, pass))
            {
                await claim.ExecuteNonQueryAsync();
            }
            // A batch touching the same hour, broadcast and day is written meanwhile: it must not wait for the pass.
            var written = database.WriteAsync(Batch([new ChatMessagePosted(Guid.CreateVersion7(), First, ChannelId, User3, Nov20(23, 20))]));
            Assert.Same(written, await Task.WhenAny(written, Task.Delay(TimeSpan.FromSeconds(30))));
            Assert.Equal(1, await written);
            await pass.CommitAsync();
        }

        // The pass took the earlier marks (and, here, computed nothing); the batch's own marks name the same
        // buckets, so the next pass counts both messages.
        await database.RollUpAsync();
        Assert.Equal(chatBefore + 2, await ChatOfFirstAsync(database));
        Assert.Equal(0, await database.CountAsync("dirty_stream_hours") + await database.CountAsync("dirty_streams")
                        + await database.CountAsync("dirty_channel_days"));
    }

    private static async Task<int> ChatOfFirstAsync(AnalyticsDatabase database)
    {
        await using var db = database.Context();
        return await db.StreamTotals.Where(t => t.StreamId == First).Select(t => t.ChatMessages).SingleAsync();
    }

    [Fact]
    public async Task A_rebuild_gives_the_same_rows_and_drops_rows_no_fact_supports()
    {
        await using var database = await AnalyticsDatabase.CreateAsync(postgres);
        await database.WriteAsync(Batch(Events()));
        await database.RollUpAsync();
        var before = await database.RollupRowsAsync();
        await using (var db = database.Context())
        {
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO stream_analytics (id, stream_id, channel_id, hour_timestamp, viewer_count, streamed_seconds, watch_seconds,
                    unique_viewers, unique_chatters, unfollows, gifted_subscriptions, gifts, donations, updated_at)
                VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '2026-11-19 12:00', 42, 60, 2520, 42, 0, 0, 0, 0, 0, now());
                UPDATE channel_analytics SET total_views = 1000;
                """);
        }

        var rebuilt = await database.RebuildAsync();

        AssertSameRows(before, await database.RollupRowsAsync());
        Assert.Equal((2, 4, 2), (rebuilt.Broadcasts, rebuilt.StreamHours, rebuilt.ChannelDays));
        await AssertExpectedRowsAsync(database);
    }

    [Fact]
    public async Task Events_delivered_three_times_shuffled_with_duplicates_and_resends_give_identical_rows()
    {
        await using var reference = await AnalyticsDatabase.CreateAsync(postgres);
        await reference.WriteAsync(Batch(Events()));
        await reference.RollUpAsync();
        var expected = await reference.RollupRowsAsync();

        await using var database = await AnalyticsDatabase.CreateAsync(postgres);
        var random = new Random(17);
        var deliveries = Deliveries.Chaotic(Events(), random);
        // Four consumers writing batches at once while the worker runs: the same facts, in any order and any grouping.
        var writers = Enumerable.Range(0, 4).Select(async w =>
        {
            foreach (var batch in deliveries.Where((_, i) => i % 4 == w)) await database.WriteAsync(Batch(batch.Select(d => d.Event)));
        });
        var rolling = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await database.RollUpAsync();
                await Task.Delay(random.Next(5, 30));
            }
        });
        await Task.WhenAll([.. writers, rolling]);
        await database.RollUpAsync();

        AssertSameRows(expected, await database.RollupRowsAsync());
        await AssertExpectedRowsAsync(database);
        Assert.Equal(7, await database.CountAsync("fact_chat_messages"));
        Assert.Equal(7, await database.CountAsync("fact_viewer_sessions"));
        Assert.Equal(1, await database.CountAsync("fact_donations"));

        await database.RebuildAsync();
        AssertSameRows(expected, await database.RollupRowsAsync());
    }

    /// <summary>Row by row, so a failure shows the one column that differs.</summary>
    private static void AssertSameRows(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++) Assert.Equal(expected[i], actual[i]);
        Assert.Equal(expected.Count, actual.Count);
    }

    private static async Task AssertExpectedRowsAsync(AnalyticsDatabase database)
    {
        await using var db = database.Context();
        Assert.Equal(FirstHours, await HoursAsync(db, First));
        Assert.Equal(SecondHours, await HoursAsync(db, Second));
        var days = await db.ChannelAnalytics.AsNoTracking().Where(d => d.ChannelId == ChannelId).OrderBy(d => d.Date).ToListAsync();
        Assert.Equal(Days, days.Select(d => new Day(d.Date!.Value, d.Broadcasts, d.StreamedSeconds, d.WatchSeconds, d.AverageViewers, d.PeakViewers,
            d.UniqueViewers, d.TotalViews ?? -1, d.ChatMessages, d.UniqueChatters, d.NewFollowers ?? -1, d.Unfollows, d.Subscriptions ?? -1,
            d.GiftedSubscriptions, d.Gifts, d.Donations, d.DonationsCents ?? -1, d.RevenueCents ?? -1)).ToArray());
        var totals = await db.StreamTotals.AsNoTracking().OrderBy(t => t.StartedAt).ToListAsync();
        Assert.Equal(BroadcastTotals, totals.Select(t => new Totals(t.StreamId, t.StartedAt, t.EndedAt, t.StreamedSeconds, t.WatchSeconds,
            t.AverageViewers, t.PeakViewers, t.UniqueViewers, t.AvgWatchTimeSeconds, t.ChatMessages, t.UniqueChatters, t.NewFollowers,
            t.Unfollows, t.Subscriptions, t.GiftedSubscriptions, t.Gifts, t.Donations, t.DonationsCents)).ToArray());
    }

    private static async Task<Hour[]> HoursAsync(AnalyticsDbContext db, Guid streamId)
    {
        var hours = await db.StreamAnalytics.AsNoTracking().Where(h => h.StreamId == streamId).OrderBy(h => h.HourTimestamp).ToListAsync();
        Assert.All(hours, h => Assert.Equal(ChannelId, h.ChannelId));
        return hours.Select(h => new Hour(h.HourTimestamp!.Value, h.StreamedSeconds, h.WatchSeconds, h.ViewerCount ?? -1, h.PeakViewers ?? -1,
            h.UniqueViewers, h.AvgWatchTimeSeconds ?? -1, h.ChatMessages ?? -1, h.UniqueChatters, h.NewFollowers ?? -1, h.Unfollows,
            h.Subscriptions ?? -1, h.GiftedSubscriptions, h.Gifts, h.Donations, h.DonationsCents ?? -1)).ToArray();
    }
}
