using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using StackExchange.Redis;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Leaderboards through the gateway: ranks with ties, reads, retries, a flushed Redis, boards fed by events, archives, and who may do what.</summary>
[Collection(PlatformCollection.Name)]
public sealed class LeaderboardTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_channel_board_ranks_ties_together_and_reads_the_top_around_a_user_and_one_user()
    {
        using var gateway = platform.CreateGatewayClient();
        var (owner, slug) = await OwnerAsync(gateway);
        var players = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Accounts.RegisterAndLoginAsync(gateway)));
        var board = await CreateBoardAsync(gateway, owner, "weekly", "best", slug);

        foreach (var (player, score) in players.Zip(new long[] { 90, 70, 70, 50, 120 })) await SubmitAsync(gateway, owner, board, player.Username, score);
        var lower = await SubmitAsync(gateway, owner, board, players[4].Username, 100);
        Assert.Equal(120, lower.GetProperty("score").GetInt64());
        Assert.Equal(1, lower.GetProperty("rank").GetInt64());

        var top = await EntriesAsync(gateway, $"/api/leaderboards/{board}/entries?limit=10");
        Assert.Equal([1L, 2, 3, 3, 5], top.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("rank").GetInt64()));
        Assert.Equal([120L, 90, 70, 70, 50], top.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("score").GetInt64()));
        Assert.Equal(5, top.GetProperty("total").GetInt64());
        var firstPage = await EntriesAsync(gateway, $"/api/leaderboards/{board}/entries?limit=2");
        var secondPage = await EntriesAsync(gateway, $"/api/leaderboards/{board}/entries?limit=2&cursor={firstPage.GetProperty("nextCursor").GetString()}");
        Assert.Equal([3L, 3], secondPage.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("rank").GetInt64()));

        using var aroundMe = await gateway.SendAsync(HttpMethod.Get, $"/api/leaderboards/{board}/entries?around=me&limit=1", players[3]);
        var mine = await aroundMe.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([3L, 5], mine.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("rank").GetInt64()));
        Assert.Equal(players[3].Username, mine.GetProperty("items")[1].GetProperty("username").GetString());
        var aroundName = await EntriesAsync(gateway, $"/api/leaderboards/{board}/entries?around={players[0].Username}&limit=1");
        Assert.Equal([1L, 2, 3], aroundName.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("rank").GetInt64()));
        await Accounts.ProblemAsync(await gateway.GetAsync($"/api/leaderboards/{board}/entries?around=me"), HttpStatusCode.Unauthorized);

        var one = await EntriesAsync(gateway, $"/api/leaderboards/{board}/entries/{players[3].Username}");
        Assert.Equal(5, one.GetProperty("rank").GetInt64());
        Assert.Equal(50, one.GetProperty("score").GetInt64());
        Assert.Equal(20, one.GetProperty("percentile").GetDouble());

        var boards = await EntriesAsync(gateway, $"/api/leaderboards?channel={slug}&limit=100");
        var kinds = boards.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("kind").GetString()).ToList();
        Assert.Equal(3, kinds.Count(k => k == "top_supporters"));
        Assert.Equal(3, kinds.Count(k => k == "top_chatters"));
        Assert.Contains("custom", kinds);
    }

    [Fact]
    public async Task A_retried_submission_counts_once_and_its_id_cannot_carry_another_score()
    {
        using var gateway = platform.CreateGatewayClient();
        var (owner, slug) = await OwnerAsync(gateway);
        var player = await Accounts.RegisterAndLoginAsync(gateway);
        var board = await CreateBoardAsync(gateway, owner, "all_time", "increment", slug);

        var first = await SubmitAsync(gateway, owner, board, player.Username, 30, "round-1");
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SubmitAsync(gateway, owner, board, player.Username, 30, "round-1")));
        await SubmitAsync(gateway, owner, board, player.Username, 12, "round-2");

        Assert.False(first.GetProperty("replayed").GetBoolean());
        Assert.All(retries, r => Assert.True(r.GetProperty("replayed").GetBoolean()));
        Assert.Equal(42, (await EntriesAsync(gateway, $"/api/leaderboards/{board}/entries/{player.Username}")).GetProperty("score").GetInt64());
        using var reused = await gateway.SendAsync(HttpMethod.Post, $"/api/leaderboards/{board}/scores", owner,
            new { username = player.Username, score = 99, submissionId = "round-1" });
        await Accounts.ProblemAsync(reused, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task After_Redis_is_flushed_while_running_the_ranks_come_back_identical_from_PostgreSQL()
    {
        using var gateway = platform.CreateGatewayClient();
        var admin = await platform.AdminAsync();
        var board = await CreateBoardAsync(gateway, admin, "monthly", "best", null);
        // 300 users in Competition's copy of users (as if Identity had announced them), 40 distinct scores among them.
        var prefix = $"flush{Guid.NewGuid():N}"[..12];
        await DatabaseInspection.ExecuteAsync(platform.DatabaseConnectionString("competitiondb"), """
            INSERT INTO user_replicas (user_id, username, display_name, updated_at)
            SELECT gen_random_uuid(), @prefix || n, NULL, now() AT TIME ZONE 'UTC' FROM generate_series(0, 299) AS n
            """, ("prefix", prefix));
        var chance = new Random(5);
        await Task.WhenAll(Enumerable.Range(0, 300).Select(n => SubmitAsync(gateway, admin, board, $"{prefix}{n}", chance.Next(0, 40))));
        var before = await AllEntriesAsync(gateway, board);
        Assert.Equal(300, before.Count);

        var redisAddress = platform.App.GetEndpoint("redis", "tcp");
        await using (var redis = await ConnectionMultiplexer.ConnectAsync($"{redisAddress.Host}:{redisAddress.Port},allowAdmin=true"))
        {
            await redis.GetServers()[0].FlushAllDatabasesAsync();
        }
        var after = await AllEntriesAsync(gateway, board);

        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Built_in_boards_count_events_once_by_their_own_time_and_an_ended_week_is_archived_once()
    {
        using var gateway = platform.CreateGatewayClient();
        var (owner, slug) = await OwnerAsync(gateway);
        var fan = await Accounts.RegisterAndLoginAsync(gateway);
        var channelId = (await Channels.GetAsync(gateway, slug)).GetProperty("id").GetGuid();
        var boards = (await EntriesAsync(gateway, $"/api/leaderboards?channel={slug}&limit=100")).GetProperty("items").EnumerateArray()
            .ToDictionary(b => (b.GetProperty("kind").GetString(), b.GetProperty("period").GetString()), b => b.GetProperty("id").GetGuid());

        // Two donations, the first delivered twice (the relay re-sends it under its id): 500 + 700.
        var payments = platform.DatabaseConnectionString("paymentsdb");
        var donation = Guid.NewGuid();
        await PublishAsync(payments, donation, "Payments.DonationCompleted", new { donationId = Guid.NewGuid(), channelId, donorId = fan.Id, donorName = fan.Username,
            amountCents = 500, currency = "USD", message = "gg", completedAt = DateTime.UtcNow });
        await WaitSentAsync(payments, donation);
        await DatabaseInspection.ExecuteAsync(payments, "UPDATE outbox_messages SET sent_at = NULL WHERE id = @id", ("id", donation));
        await WaitSentAsync(payments, donation);
        await PublishAsync(payments, Guid.NewGuid(), "Payments.DonationCompleted", new { donationId = Guid.NewGuid(), channelId, donorId = fan.Id, donorName = fan.Username,
            amountCents = 700, currency = "USD", message = "again", completedAt = DateTime.UtcNow });
        var supporter = await Eventually.ValueAsync(() => ScoreOfAsync(gateway, boards[("top_supporters", "all_time")], fan.Username), s => s >= 1200, TimeSpan.FromSeconds(15));
        Assert.Equal(1200, supporter);

        // A message posted in the last second of last week, processed now, counts for last week; that week is then archived once.
        var lastSecond = DateTime.UtcNow.Date.AddDays(-(((int)DateTime.UtcNow.DayOfWeek + 6) % 7)).AddSeconds(-1);
        var lastWeek = $"{ISOWeek.GetYear(lastSecond)}-W{ISOWeek.GetWeekOfYear(lastSecond):00}";
        await PublishAsync(platform.DatabaseConnectionString("chatdb"), Guid.NewGuid(), "Chat.ChatMessagePosted",
            new { messageId = Guid.NewGuid(), streamId = Guid.NewGuid(), channelId, userId = fan.Id, postedAt = lastSecond });
        var weekly = boards[("top_chatters", "weekly")];
        var archive = await Eventually.ValueAsync(async () => await gateway.GetAsync($"/api/leaderboards/{weekly}/periods/{lastWeek}"),
            r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        var archived = await archive.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(fan.Username, archived.GetProperty("items")[0].GetProperty("username").GetString());
        Assert.Equal(1, archived.GetProperty("items")[0].GetProperty("rank").GetInt64());
        Assert.Equal(1, await ScoreOfAsync(gateway, boards[("top_chatters", "all_time")], fan.Username));
        await Accounts.ProblemAsync(await gateway.GetAsync($"/api/leaderboards/{weekly}/entries/{fan.Username}"), HttpStatusCode.NotFound);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var competition = platform.DatabaseConnectionString("competitiondb");
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(competition,
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%LeaderboardReset%' AND payload->>'leaderboardId' = @board", ("board", weekly.ToString())));
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(competition,
            "SELECT count(*) FROM leaderboard_archive_entries WHERE leaderboard_id = @board", ("board", weekly)));
        var current = ISOWeek.GetWeekOfYear(DateTime.UtcNow);
        await Accounts.ProblemAsync(await gateway.GetAsync($"/api/leaderboards/{weekly}/periods/{ISOWeek.GetYear(DateTime.UtcNow)}-W{current:00}"), HttpStatusCode.Conflict);
        await Accounts.ProblemAsync(await gateway.GetAsync($"/api/leaderboards/{weekly}/periods/2026-13"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Creating_boards_and_submitting_scores_tell_anonymous_callers_other_users_owners_and_admins_apart()
    {
        using var gateway = platform.CreateGatewayClient();
        var (owner, slug) = await OwnerAsync(gateway);
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        var admin = await platform.AdminAsync();
        var channelBoard = new { name = "Speedrun", period = "weekly", scoreMode = "best", channelSlug = slug };
        var globalBoard = new { name = "Global", period = "all_time", scoreMode = "increment" };

        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, "/api/leaderboards", null, channelBoard), HttpStatusCode.Unauthorized);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, "/api/leaderboards", stranger, channelBoard), HttpStatusCode.Forbidden);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, "/api/leaderboards", owner, globalBoard), HttpStatusCode.Forbidden);
        var board = await CreateBoardAsync(gateway, owner, "weekly", "best", slug);
        Assert.Equal(HttpStatusCode.Created, (await gateway.SendAsync(HttpMethod.Post, "/api/leaderboards", admin, globalBoard)).StatusCode);

        var score = new { username = stranger.Username, score = 10, submissionId = Guid.NewGuid().ToString() };
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, $"/api/leaderboards/{board}/scores", null, score), HttpStatusCode.Unauthorized);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, $"/api/leaderboards/{board}/scores", stranger, score), HttpStatusCode.Forbidden);
        await SubmitAsync(gateway, owner, board, stranger.Username, 10);
        await SubmitAsync(gateway, admin, board, stranger.Username, 20);
        var builtIn = (await EntriesAsync(gateway, $"/api/leaderboards?channel={slug}&limit=100")).GetProperty("items").EnumerateArray()
            .First(b => b.GetProperty("kind").GetString() == "top_chatters").GetProperty("id").GetGuid();
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, $"/api/leaderboards/{builtIn}/scores", admin, score), HttpStatusCode.Conflict);
        await Accounts.ProblemAsync(await gateway.SendAsync(HttpMethod.Post, $"/api/leaderboards/{board}/scores", owner,
            new { username = "nobody_here_at_all", score = 1, submissionId = "x" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"username": "u", "score": "NaN", "submissionId": "a"}""", "score")]
    [InlineData("""{"username": "u", "score": 1.5, "submissionId": "a"}""", "score")]
    [InlineData("""{"username": "u", "score": -1, "submissionId": "a"}""", "score")]
    [InlineData("""{"username": "u", "score": 9007199254740993, "submissionId": "a"}""", "score")]
    [InlineData("""{"username": "u", "score": 1e300, "submissionId": "a"}""", "score")]
    [InlineData("""{"username": "u", "score": 5}""", "submissionId")]
    [InlineData("""{"score": 5, "submissionId": "a"}""", "username")]
    public async Task Bad_scores_are_refused_with_the_field_named(string json, string field)
    {
        using var gateway = platform.CreateGatewayClient();
        var admin = await platform.AdminAsync();
        var board = await CreateBoardAsync(gateway, admin, "all_time", "best", null);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/leaderboards/{board}/scores")
        {
            Headers = { Authorization = admin.Bearer },
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        var problem = await Accounts.ProblemAsync(await gateway.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"name": "Board", "period": "daily", "scoreMode": "best"}""", "period")]
    [InlineData("""{"name": "Board", "period": "weekly", "scoreMode": "sum"}""", "scoreMode")]
    [InlineData("""{"name": "", "period": "weekly", "scoreMode": "best"}""", "name")]
    public async Task Bad_boards_are_refused_with_the_field_named(string json, string field)
    {
        using var gateway = platform.CreateGatewayClient();
        var admin = await platform.AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leaderboards")
        {
            Headers = { Authorization = admin.Bearer },
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        var problem = await Accounts.ProblemAsync(await gateway.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task<(Account Owner, string Slug)> OwnerAsync(HttpClient gateway)
    {
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var slug = await Channels.CreateAsync(gateway, owner);
        await Competitors.WaitForChannelsAsync(gateway, [slug]);
        return (owner, slug);
    }

    private static async Task<Guid> CreateBoardAsync(HttpClient gateway, Account creator, string period, string scoreMode, string? channelSlug)
    {
        using var response = await gateway.SendAsync(HttpMethod.Post, "/api/leaderboards", creator,
            new { name = $"Board {Guid.NewGuid():N}"[..12], period, scoreMode, channelSlug });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Submits a score, waiting for Competition to know the user (it learns of new accounts from Identity's events).</summary>
    private static async Task<JsonElement> SubmitAsync(HttpClient gateway, Account submitter, Guid board, string username, long score, string? submissionId = null)
    {
        submissionId ??= Guid.NewGuid().ToString("N");
        var response = await Eventually.ValueAsync(() => gateway.SendAsync(HttpMethod.Post, $"/api/leaderboards/{board}/scores", submitter,
            new { username, score, submissionId }), r => r.StatusCode != HttpStatusCode.NotFound, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> EntriesAsync(HttpClient gateway, string path)
    {
        using var response = await gateway.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<(string, long, long)>> AllEntriesAsync(HttpClient gateway, Guid board)
    {
        var entries = new List<(string, long, long)>();
        string? cursor = null;
        do
        {
            var page = await EntriesAsync(gateway, $"/api/leaderboards/{board}/entries?limit=100" + (cursor is null ? "" : $"&cursor={cursor}"));
            entries.AddRange(page.GetProperty("items").EnumerateArray()
                .Select(e => (e.GetProperty("username").GetString()!, e.GetProperty("score").GetInt64(), e.GetProperty("rank").GetInt64())));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return entries;
    }

    private static async Task<long> ScoreOfAsync(HttpClient gateway, Guid board, string username)
    {
        using var response = await gateway.GetAsync($"/api/leaderboards/{board}/entries/{username}");
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("score").GetInt64() : 0;
    }

    /// <summary>An event as its service's outbox holds it: the relay publishes it with the row's id as message id.</summary>
    private static Task PublishAsync(string database, Guid id, string type, object payload) =>
        DatabaseInspection.ExecuteAsync(database,
            "INSERT INTO outbox_messages (id, message_type, payload, occurred_at, attempts) VALUES (@id, @type, @payload::jsonb, now() AT TIME ZONE 'UTC', 0)",
            ("id", id), ("type", $"AeThexLive.Contracts.{type}, AeThexLive.Contracts"), ("payload", JsonSerializer.Serialize(payload, JsonSerializerOptions.Web)));

    private static async Task WaitSentAsync(string database, Guid id) =>
        Assert.True(await Eventually.HoldsAsync(async () => await DatabaseInspection.ScalarAsync<bool>(database,
            "SELECT sent_at IS NOT NULL FROM outbox_messages WHERE id = @id", ("id", id)), TimeSpan.FromSeconds(10)));
}
