using System.Text.Json;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace AeThexLive.Competition.Tests;

/// <summary>Periods by event time in UTC, and the archive at each period's end, against real PostgreSQL and Redis.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaderboardPeriodTests(LocalPostgres postgres, LocalRedis redis)
{
    // Wednesday 25 November 2026; the week runs from Monday the 23rd to Sunday the 29th (ISO week 48).
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTime SundayLastSecond = new(2026, 11, 29, 23, 59, 59, DateTimeKind.Utc);
    private static readonly DateTimeOffset MondayJustAfterMidnight = new(2026, 11, 30, 0, 0, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-29T23:59:59Z", "weekly", "2026-W48", "2026-11-23")]
    [InlineData("2026-11-30T00:00:00Z", "weekly", "2026-W49", "2026-11-30")]
    [InlineData("2027-01-01T08:00:00Z", "weekly", "2026-W53", "2026-12-28")]
    [InlineData("2026-11-30T23:59:59Z", "monthly", "2026-11", "2026-11-01")]
    [InlineData("2026-12-01T00:00:00Z", "monthly", "2026-12", "2026-12-01")]
    [InlineData("2026-12-01T00:00:00Z", "all_time", "all-time", "1970-01-01")]
    public void A_moment_belongs_to_the_period_of_its_UTC_time(string at, string kind, string key, string start)
    {
        var period = LeaderboardPeriod.Containing(kind, DateTimeOffset.Parse(at).UtcDateTime);
        Assert.Equal(key, period.Key);
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.True(LeaderboardPeriod.TryParse(kind, key, out var parsed));
        Assert.Equal(period, parsed);
    }

    [Theory]
    [InlineData("weekly", "2026-11")]
    [InlineData("weekly", "2026-W54")]
    [InlineData("weekly", "2026-W00")]
    [InlineData("weekly", "2026-w48")]
    [InlineData("monthly", "2026-13")]
    [InlineData("monthly", "2026-W48")]
    [InlineData("monthly", "26-11")]
    [InlineData("monthly", "２０２６-11")]
    public void A_period_name_of_the_wrong_shape_is_not_read(string kind, string key)
    {
        Assert.False(LeaderboardPeriod.TryParse(kind, key, out _));
    }

    [Fact]
    public async Task A_message_posted_at_23_59_59_on_Sunday_counts_for_that_week_even_when_processed_after_midnight()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis, MondayJustAfterMidnight);
        var (channel, chatter) = (Guid.NewGuid(), Guid.NewGuid());

        var raises = await AddFromEventAsync(services, channel, chatter, SundayLastSecond);

        var weekly = Leaderboard.BuiltInId(channel, LeaderboardKinds.TopChatters, LeaderboardPeriods.Weekly);
        Assert.Contains(raises, r => r.Key == new RankingKey(weekly, new DateOnly(2026, 11, 23)));
        var rankings = services.Services.GetRequiredService<Rankings>();
        Assert.Equal(1, (await rankings.StandingAsync(new RankingKey(weekly, new DateOnly(2026, 11, 23)), chatter, default))!.Rank);
        Assert.Equal(0, (await rankings.TopAsync(new RankingKey(weekly, new DateOnly(2026, 11, 30)), 0, 10, default)).Total);
    }

    [Fact]
    public async Task A_reset_run_twice_at_once_archives_the_period_once_and_publishes_one_event()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis, Wednesday);
        await services.AddUsersAsync(4);
        var board = await services.AddBoardAsync(LeaderboardPeriods.Weekly, ScoreModes.Best);
        foreach (var (user, score) in new[] { ("player0", 70L), ("player1", 90L), ("player2", 70L), ("player3", 10L) })
        {
            await services.SubmitAsync(board, user, score);
        }
        var oldWeek = new RankingKey(board.Id, new DateOnly(2026, 11, 23));

        services.Clock.Advance(MondayJustAfterMidnight - Wednesday);
        Assert.Equal(0, await ArchiveDueAsync(services));
        services.Clock.Advance(new LeaderboardOptions().ArchiveGrace);
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ArchiveDueAsync(services)));
        var again = await ArchiveDueAsync(services);

        Assert.Equal(1, runs.Sum() + again);
        await using var db = services.Context();
        var archived = await db.LeaderboardArchiveEntries.Where(e => e.LeaderboardId == board.Id).OrderBy(e => e.Rank).Select(e => new { e.Score, e.Rank }).ToListAsync();
        Assert.Equal([(90L, 1), (70L, 2), (70L, 2), (10L, 4)], archived.Select(e => (e.Score, e.Rank)));
        var events = await db.OutboxMessages.Where(m => m.MessageType.Contains("LeaderboardReset")).ToListAsync();
        var reset = JsonDocument.Parse(Assert.Single(events).Payload).RootElement;
        Assert.Equal("2026-W48", reset.GetProperty("periodKey").GetString());
        Assert.Equal(4, reset.GetProperty("entryCount").GetInt32());
        Assert.Equal("player1", reset.GetProperty("top")[0].GetProperty("username").GetString());
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(oldWeek.Set));
        Assert.Empty(await db.LeaderboardEntries.Where(e => e.LeaderboardId == board.Id).ToListAsync());

        // The new week starts empty.
        var newWeek = await services.Services.GetRequiredService<Rankings>().TopAsync(new RankingKey(board.Id, new DateOnly(2026, 11, 30)), 0, 10, default);
        Assert.Equal(0, newWeek.Total);
    }

    [Fact]
    public async Task An_event_for_an_archived_period_is_dropped_and_the_archive_stays_as_it_was()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis, Wednesday);
        var (channel, chatter) = (Guid.NewGuid(), Guid.NewGuid());
        await AddFromEventAsync(services, channel, chatter, Wednesday.UtcDateTime);
        services.Clock.Advance(TimeSpan.FromDays(5) + new LeaderboardOptions().ArchiveGrace);
        Assert.Equal(1, await ArchiveDueAsync(services));

        var late = await AddFromEventAsync(services, channel, chatter, SundayLastSecond);

        var weekly = Leaderboard.BuiltInId(channel, LeaderboardKinds.TopChatters, LeaderboardPeriods.Weekly);
        Assert.DoesNotContain(late, r => r.Key.LeaderboardId == weekly);
        Assert.Equal(2, late.Count);
        await using var db = services.Context();
        Assert.Equal(1, await db.LeaderboardArchiveEntries.Where(e => e.LeaderboardId == weekly).Select(e => e.Score).SingleAsync());
        Assert.False(await db.LeaderboardEntries.AnyAsync(e => e.LeaderboardId == weekly));
    }

    /// <summary>What a consumer does with a chat message: PostgreSQL inside its transaction, Redis after the commit.</summary>
    private static Task<List<PendingRaise>> AddFromEventAsync(CompetitionServices services, Guid channel, Guid user, DateTime at) =>
        services.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<CompetitionDbContext>();
            var recorder = s.GetRequiredService<ScoreRecorder>();
            List<PendingRaise> raises;
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                raises = await recorder.AddFromEventsAsync(LeaderboardKinds.TopChatters, [new EventScore(channel, user, 1, at)],
                    services.Clock.GetUtcNow().UtcDateTime, default);
                await transaction.CommitAsync();
            }
            await recorder.ApplyAsync(raises, default);
            return raises;
        });

    private static Task<int> ArchiveDueAsync(CompetitionServices services) =>
        services.InScopeAsync(s => s.GetRequiredService<LeaderboardArchiver>().ArchiveDueAsync(default));
}
