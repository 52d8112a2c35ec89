using AeThexLive.Competition.Consumers;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.Contracts.Chat;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Competition.Tests;

/// <summary>Top chatters fed by batches of chat messages through the consumer itself: each message once, per board and period.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChatScoreBatchTests(LocalPostgres postgres, LocalRedis redis)
{
    private sealed record Message(Guid Id, Guid ChannelId, Guid UserId, DateTime PostedAt);

    [Fact]
    public async Task A_batch_counts_each_message_once_per_board_and_period_and_a_redelivered_batch_adds_only_what_is_new()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var now = services.Clock.GetUtcNow().UtcDateTime;
        var (channel, other, alice, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        List<Message> batch =
        [
            .. Enumerable.Range(0, 3).Select(i => new Message(Guid.NewGuid(), channel, alice, now.AddMinutes(-i))),
            .. Enumerable.Range(0, 2).Select(i => new Message(Guid.NewGuid(), channel, bob, now.AddMinutes(-i))),
            new Message(Guid.NewGuid(), other, alice, now),
            // Last week's message: this week's board does not count it, the month and all time do.
            new Message(Guid.NewGuid(), channel, bob, now.AddDays(-7)),
        ];
        // The same message twice in one delivery counts once.
        batch.Add(batch[0]);

        Assert.Equal(7, await ApplyAsync(services, batch));
        Assert.Equal(0, await ApplyAsync(services, batch));
        Assert.Equal(1, await ApplyAsync(services, [.. batch, new Message(Guid.NewGuid(), channel, alice, now)]));

        var weekly = new RankingKey(Leaderboard.BuiltInId(channel, LeaderboardKinds.TopChatters, LeaderboardPeriods.Weekly),
            LeaderboardPeriod.Containing(LeaderboardPeriods.Weekly, now));
        var allTime = new RankingKey(Leaderboard.BuiltInId(channel, LeaderboardKinds.TopChatters, LeaderboardPeriods.AllTime),
            LeaderboardPeriod.Containing(LeaderboardPeriods.AllTime, now));
        var rankings = services.Services.GetRequiredService<Rankings>();
        Assert.Equal(new Standing(1, 4, 2), await rankings.StandingAsync(weekly, alice, default));
        Assert.Equal(new Standing(2, 2, 2), await rankings.StandingAsync(weekly, bob, default));
        Assert.Equal(3, (await rankings.StandingAsync(allTime, bob, default))!.Score);

        await using var db = services.Context();
        var entries = await db.LeaderboardEntries.AsNoTracking().ToListAsync();
        // Channel: alice on weekly, monthly and all-time; bob on this week, last week (his old message), this month (it is
        // the same month) and all time; the other channel: alice on three.
        Assert.Equal(3 + 4 + 3, entries.Count);
        Assert.Equal(4 * 3 + (2 + 1 + 3 + 3) + 1 * 3, entries.Sum(e => e.Score ?? 0));
        Assert.Equal(8, await db.ProcessedMessages.CountAsync());
    }

    /// <returns>How many messages the batch counted (those not seen before, by the inbox records it added).</returns>
    private static async Task<int> ApplyAsync(CompetitionServices services, IReadOnlyList<Message> batch) =>
        await services.InScopeAsync(async scope =>
        {
            var db = scope.GetRequiredService<CompetitionDbContext>();
            var before = await db.ProcessedMessages.CountAsync();
            var consumer = new ChatMessageScoreConsumer(db, scope.GetRequiredService<ScoreRecorder>(), services.Clock);
            await consumer.ConsumeAsync(
                batch.Select(m => (m.Id, new ChatMessagePosted(Guid.NewGuid(), Guid.NewGuid(), m.ChannelId, m.UserId, m.PostedAt))).ToList(), default);
            return await db.ProcessedMessages.CountAsync() - before;
        });
}
