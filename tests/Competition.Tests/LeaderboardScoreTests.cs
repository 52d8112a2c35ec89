using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace AeThexLive.Competition.Tests;

/// <summary>Submitting scores against real PostgreSQL and Redis: the record first, ranks after, each submission once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaderboardScoreTests(LocalPostgres postgres, LocalRedis redis)
{
    [Fact]
    public async Task A_best_board_keeps_the_highest_score_and_an_increment_board_adds_them_up()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        await services.AddUsersAsync(2);
        var best = await services.AddBoardAsync(LeaderboardPeriods.Weekly, ScoreModes.Best);
        var total = await services.AddBoardAsync(LeaderboardPeriods.Weekly, ScoreModes.Increment);

        foreach (var score in new long[] { 40, 90, 60 })
        {
            await services.SubmitAsync(best, "player0", score);
            await services.SubmitAsync(total, "player0", score);
        }
        var second = await services.SubmitAsync(best, "player1", 90);

        Assert.Equal(SubmitOutcome.Recorded, second.Outcome);
        Assert.Equal(new Standing(1, 90, 2), second.Standing);
        var sum = await services.SubmitAsync(total, "player0", 10);
        Assert.Equal(200, sum.Score);
        Assert.Equal(200, sum.Standing!.Score);
        await using var db = services.Context();
        Assert.Equal(90, await db.LeaderboardEntries.Where(e => e.LeaderboardId == best.Id && e.UserId == second.UserId).Select(e => e.Score).SingleAsync());
        Assert.All(await db.LeaderboardEntries.ToListAsync(), e => Assert.Null(e.Rank));
    }

    [Fact]
    public async Task A_retried_submission_counts_once_and_its_id_cannot_carry_another_score()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        await services.AddUsersAsync(1);
        var board = await services.AddBoardAsync(LeaderboardPeriods.AllTime, ScoreModes.Increment);

        var first = await services.SubmitAsync(board, "player0", 25, "match-7");
        var retries = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => services.SubmitAsync(board, "player0", 25, "match-7")));
        var reused = await services.SubmitAsync(board, "player0", 30, "match-7");

        Assert.Equal(SubmitOutcome.Recorded, first.Outcome);
        Assert.All(retries, r => Assert.Equal(SubmitOutcome.Replayed, r.Outcome));
        Assert.All(retries, r => Assert.Equal(25, r.Score));
        Assert.Equal(SubmitOutcome.SubmissionReused, reused.Outcome);
        Assert.Equal(SubmitOutcome.UnknownUser, (await services.SubmitAsync(board, "nobody", 5)).Outcome);
        await using var db = services.Context();
        Assert.Equal(25, await db.LeaderboardEntries.Select(e => e.Score).SingleAsync());
    }

    [Fact]
    public async Task After_Redis_is_flushed_the_ranks_come_back_identical_from_PostgreSQL()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var rankings = services.Services.GetRequiredService<Rankings>();
        var board = await services.AddBoardAsync(LeaderboardPeriods.Monthly, ScoreModes.Best);
        var period = board.PeriodAt(services.Clock.GetUtcNow().UtcDateTime);
        var chance = new Random(7);
        var scores = Enumerable.Range(0, 5_000).ToDictionary(_ => Guid.NewGuid(), _ => (long)chance.Next(0, 500));
        await RankPropertyTests.InsertAsync(services.ConnectionString, board.Id, period, scores);
        var key = new RankingKey(board.Id, period);
        var before = await rankings.TopAsync(key, 0, scores.Count, default);

        await redis.FlushAsync();
        var after = await rankings.TopAsync(key, 0, scores.Count, default);

        Assert.Equal(before.Items, after.Items);
        Assert.Equal(scores.Count, after.Total);
    }

    [Fact]
    public async Task Scores_submitted_while_the_board_is_rebuilt_all_end_up_in_Redis_as_PostgreSQL_has_them()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var users = await services.AddUsersAsync(60);
        var board = await services.AddBoardAsync(LeaderboardPeriods.AllTime, ScoreModes.Increment);
        var period = board.PeriodAt(services.Clock.GetUtcNow().UtcDateTime);
        var chance = new Random(3);
        await RankPropertyTests.InsertAsync(services.ConnectionString, board.Id, period,
            Enumerable.Range(0, 50_000).ToDictionary(_ => Guid.NewGuid(), _ => (long)chance.Next(1, 1_000)));
        var key = new RankingKey(board.Id, period);
        var rebuilder = services.Services.GetRequiredService<RankingRebuilder>();
        await rebuilder.RebuildAsync(key, default);

        // Rebuild twice more (once after a flush) while 600 increments go in from 12 writers.
        var writers = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++) await services.SubmitAsync(board, $"player{(w * 50 + i) % users.Count}", 1 + i % 7);
        }));
        var rebuilds = Task.Run(async () =>
        {
            await rebuilder.RebuildAsync(key, default);
            await redis.FlushAsync();
            await rebuilder.RebuildAsync(key, default);
        });
        await Task.WhenAll(writers.Append(rebuilds));

        await using var db = services.Context();
        var recorded = await db.LeaderboardEntries.Where(e => e.LeaderboardId == board.Id).ToDictionaryAsync(e => e.UserId, e => e.Score!.Value);
        var ranked = await redis.Connection.GetDatabase().SortedSetRangeByRankWithScoresAsync(key.Set);
        Assert.Equal(recorded.Count, ranked.Length);
        Assert.All(ranked, entry => Assert.Equal(recorded[RankingKey.UserOf(entry.Element)], (long)entry.Score));
        Assert.Equal(12 * Enumerable.Range(0, 50).Sum(i => 1L + i % 7), users.Sum(u => recorded[u]));
    }

    [Fact]
    public async Task A_set_that_disagrees_with_PostgreSQL_is_rebuilt_by_the_consistency_check()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        await services.AddUsersAsync(3);
        var board = await services.AddBoardAsync(LeaderboardPeriods.Weekly, ScoreModes.Best);
        for (var i = 0; i < 3; i++) await services.SubmitAsync(board, $"player{i}", 10 * (i + 1));
        var key = new RankingKey(board.Id, board.PeriodAt(services.Clock.GetUtcNow().UtcDateTime));
        var lost = (await redis.Connection.GetDatabase().SortedSetRangeByRankAsync(key.Set, 0, 0))[0];
        await redis.Connection.GetDatabase().SortedSetRemoveAsync(key.Set, lost);

        var rebuilt = await services.InScopeAsync(s => s.GetRequiredService<RankingConsistency>().CheckAsync(default));

        Assert.Equal(1, rebuilt);
        Assert.Equal(3, await redis.Connection.GetDatabase().SortedSetLengthAsync(key.Set));
        Assert.Equal(0, await services.InScopeAsync(s => s.GetRequiredService<RankingConsistency>().CheckAsync(default)));
    }
}
