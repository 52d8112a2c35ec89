using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AeThexLive.Competition.Tests;

/// <summary>
/// On random boards with many ties, in real PostgreSQL and Redis: every way of reading a rank
/// (pages of the top, around a user, one user's standing) gives 1 + the number of strictly
/// higher scores, and pages list the board in score order without gaps or repeats.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RankPropertyTests(LocalPostgres postgres, LocalRedis redis)
{
    [Fact]
    public async Task Ranks_are_one_plus_the_number_of_strictly_higher_scores_on_random_boards_with_many_ties()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var rankings = services.Services.GetRequiredService<Rankings>();
        for (var seed = 1; seed <= 25; seed++)
        {
            var chance = new Random(seed);
            var board = await services.AddBoardAsync(LeaderboardPeriods.AllTime, ScoreModes.Best);
            var period = board.PeriodAt(services.Clock.GetUtcNow().UtcDateTime);
            // Few distinct scores for many entries: ties everywhere, including at the top and across page edges.
            var scores = Enumerable.Range(0, chance.Next(1, 400)).ToDictionary(_ => Guid.NewGuid(), _ => (long)chance.Next(0, chance.Next(1, 30)));
            await InsertAsync(services.ConnectionString, board.Id, period, scores);
            var key = new RankingKey(board.Id, period);
            long Expected(Guid user) => 1 + scores.Values.Count(s => s > scores[user]);

            var listed = new List<RankedUser>();
            var pageSize = chance.Next(1, 40);
            for (var offset = 0; offset < scores.Count; offset += pageSize)
            {
                var page = await rankings.TopAsync(key, offset, pageSize, default);
                Assert.Equal(scores.Count, page.Total);
                listed.AddRange(page.Items);
            }
            Assert.Equal(scores.Count, listed.Select(u => u.UserId).Distinct().Count());
            Assert.Equal(scores.Values.OrderDescending(), listed.Select(u => u.Score));
            Assert.All(listed, u => Assert.Equal(Expected(u.UserId), u.Rank));

            foreach (var user in scores.Keys.OrderBy(_ => chance.Next()).Take(30))
            {
                var standing = await rankings.StandingAsync(key, user, default);
                Assert.Equal(Expected(user), standing!.Rank);
                Assert.Equal(scores[user], standing.Score);

                var spread = chance.Next(0, 8);
                var around = await rankings.AroundAsync(key, user, spread, default);
                Assert.Contains(around!.Items, u => u.UserId == user);
                Assert.InRange(around.Items.Count, 1, 2 * spread + 1);
                Assert.All(around.Items, u => Assert.Equal(Expected(u.UserId), u.Rank));
                Assert.Equal(listed.Skip((int)around.Position).Take(around.Items.Count).Select(u => u.UserId), around.Items.Select(u => u.UserId));
            }
            Assert.Null(await rankings.StandingAsync(key, Guid.NewGuid(), default));
        }
    }

    [Fact]
    public async Task Equal_scores_share_a_rank_and_the_next_rank_skips()
    {
        await using var services = await CompetitionServices.CreateAsync(postgres, redis);
        var board = await services.AddBoardAsync(LeaderboardPeriods.AllTime, ScoreModes.Best);
        var period = board.PeriodAt(services.Clock.GetUtcNow().UtcDateTime);
        var users = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        await InsertAsync(services.ConnectionString, board.Id, period, new Dictionary<Guid, long> { [users[0]] = 90, [users[1]] = 70, [users[2]] = 70, [users[3]] = 50 });

        var page = await services.Services.GetRequiredService<Rankings>().TopAsync(new RankingKey(board.Id, period), 0, 10, default);
        Assert.Equal([1L, 2, 2, 4], page.Items.Select(i => i.Rank));
        var last = await services.Services.GetRequiredService<Rankings>().StandingAsync(new RankingKey(board.Id, period), users[3], default);
        Assert.Equal(25, last!.Percentile);
    }

    /// <summary>Scores as PostgreSQL holds them; Redis has nothing yet, so the first read builds the set from these rows.</summary>
    internal static async Task InsertAsync(string connectionString, Guid boardId, LeaderboardPeriod period, IReadOnlyDictionary<Guid, long> scores)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var open = new NpgsqlCommand(
            "INSERT INTO leaderboard_periods (leaderboard_id, period_start, period_end) VALUES (@b, @p, @e) ON CONFLICT DO NOTHING", connection))
        {
            open.Parameters.AddWithValue("b", boardId);
            open.Parameters.AddWithValue("p", period.Start);
            open.Parameters.AddWithValue("e", (object?)period.End ?? DBNull.Value);
            await open.ExecuteNonQueryAsync();
        }
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY leaderboard_entries (leaderboard_id, period_start, user_id, score, updated_at) FROM STDIN (FORMAT BINARY)");
        foreach (var (user, score) in scores)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(boardId);
            await writer.WriteAsync(period.Start, NpgsqlTypes.NpgsqlDbType.Date);
            await writer.WriteAsync(user);
            await writer.WriteAsync(score);
            await writer.WriteAsync(DateTime.SpecifyKind(DateTime.UtcNow, DateTimeKind.Unspecified), NpgsqlTypes.NpgsqlDbType.Timestamp);
        }
        await writer.CompleteAsync();
    }
}
