using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PollTests(PlatformFixture platform)
{
    /// <summary>Long enough for 300 votes through the gateway on a busy 2-core CI machine to land while the poll is open.</summary>
    private const int PollSeconds = 25;

    [Fact]
    public async Task Two_hundred_voters_at_once_give_exact_tallies_and_the_poll_ends_on_time()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var viewer = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);
        var (slug, streamId) = (live.Slug, live.StreamId);

        await using var room = await ChatRooms.ConnectAsync(platform, viewer);
        var events = Channel.CreateUnbounded<(string Name, JsonElement Poll)>();
        foreach (var name in new[] { "PollStarted", "PollUpdated", "PollEnded" })
        {
            room.On<JsonElement>(name, poll => events.Writer.TryWrite((name, poll)));
        }
        await room.InvokeAsync("JoinStream", streamId);

        // Bad polls and strangers are refused.
        using (var tooFew = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/polls", owner, new { question = "?", options = new[] { "only" }, durationSeconds = 30 }))
        {
            await Accounts.ProblemAsync(tooFew, HttpStatusCode.BadRequest);
        }
        using (var tooShort = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/polls", owner, new { question = "?", options = new[] { "a", "b" }, durationSeconds = 5 }))
        {
            await Accounts.ProblemAsync(tooShort, HttpStatusCode.BadRequest);
        }
        using (var byViewer = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/polls", viewer, new { question = "Mine?", options = new[] { "a", "b" }, durationSeconds = 30 }))
        {
            await Accounts.ProblemAsync(byViewer, HttpStatusCode.Forbidden);
        }

        var clock = Stopwatch.StartNew();
        using var created = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/polls", owner,
            new { question = "Next game?", options = new[] { "Zelda", "Metroid", "Kirby" }, durationSeconds = PollSeconds });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var poll = await created.Content.ReadFromJsonAsync<JsonElement>();
        var pollId = poll.GetProperty("id").GetGuid();
        var options = poll.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToArray();
        Assert.Equal("PollStarted", (await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Name);

        // 200 voters at once; the first 50 change their minds to the last option afterwards.
        var voters = await TestTokens.MintAsync(platform, 200);
        using var crowd = platform.CreateGatewayClient();
        var first = await Task.WhenAll(voters.Select((v, i) => VoteAsync(crowd, v.Token, pollId, options[i % 2])));
        Assert.All(first, status => Assert.Equal(HttpStatusCode.NoContent, status));
        // Votes moving in opposite directions at once (first → second and second → first) do not deadlock.
        var swapped = await Task.WhenAll(voters.Skip(100).Take(50).Select((v, i) => VoteAsync(crowd, v.Token, pollId, options[1 - i % 2])));
        Assert.All(swapped, status => Assert.Equal(HttpStatusCode.NoContent, status));
        var changed = await Task.WhenAll(voters.Take(50).Select(v => VoteAsync(crowd, v.Token, pollId, options[2])));
        Assert.All(changed, status => Assert.Equal(HttpStatusCode.NoContent, status));
        var overHub = await room.InvokeAsync<JsonElement>("Vote", pollId, options[2]);
        Assert.True(overHub.GetProperty("ok").GetBoolean(), $"the vote over the hub was refused: {overHub}");

        var tallies = await gateway.GetFromJsonAsync<JsonElement>($"/api/polls/{pollId}");
        Assert.Equal([75, 75, 51], tallies.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("voteCount").GetInt32()));
        Assert.Equal(201, tallies.GetProperty("totalVotes").GetInt32());
        var votesInDb = await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("chatdb"),
            "SELECT count(*) FROM poll_votes WHERE poll_id = @id", ("id", pollId));
        Assert.Equal(201, votesInDb);

        // It ends by itself on time, tells the room with the final tallies, and takes no more votes.
        JsonElement ended;
        var updates = 0;
        while (true)
        {
            var (name, body) = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(25));
            if (name == "PollUpdated") updates++;
            if (name != "PollEnded") continue;
            ended = body;
            break;
        }
        Assert.InRange(clock.Elapsed.TotalSeconds, PollSeconds - 1, PollSeconds + 3);
        Assert.InRange(updates, 1, (int)(clock.Elapsed.TotalSeconds * 4) + 4);
        Assert.Equal([75, 75, 51], ended.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("voteCount").GetInt32()));
        Assert.Equal("ended", ended.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, await VoteAsync(crowd, voters[0].Token, pollId, options[0]));
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("chatdb"),
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.PollEnded,%' AND (payload->>'pollId')::uuid = @id", ("id", pollId)));

        // A poll still running when the broadcast ends (after the reconnect grace) ends with it.
        using var second = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/polls", owner,
            new { question = "One more?", options = new[] { "Yes", "No" }, durationSeconds = 600 });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, await VoteAsync(crowd, voters[0].Token, secondId, await FirstOptionAsync(gateway, secondId)));
        await live.Publisher.StopAsync();
        while (true)
        {
            var (name, body) = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (name != "PollEnded" || body.GetProperty("id").GetGuid() != secondId) continue;
            Assert.Equal("ended", body.GetProperty("status").GetString());
            Assert.Equal(1, body.GetProperty("totalVotes").GetInt32());
            break;
        }
        Assert.Equal(HttpStatusCode.Conflict, await VoteAsync(crowd, voters[1].Token, secondId, await FirstOptionAsync(gateway, secondId)));
    }

    [Fact]
    public async Task Polls_opened_at_the_same_moment_give_one_running_poll_and_409s_and_a_stranger_cannot_end_it()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var stranger = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => gateway.SendAsync(HttpMethod.Post, $"/api/streams/{live.StreamId}/polls", owner,
            new { question = $"Race {i}?", options = new[] { "a", "b" }, durationSeconds = 60 })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.EndsWith("/poll-running", (await Accounts.ProblemAsync(refused, HttpStatusCode.Conflict)).GetProperty("type").GetString());
        }
        Assert.Equal(1, await DatabaseInspection.ScalarAsync<long>(platform.DatabaseConnectionString("chatdb"),
            "SELECT count(*) FROM polls WHERE stream_id = @id AND status = 'active'", ("id", live.StreamId)));

        var pollId = (await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var byStranger = await gateway.SendAsync(HttpMethod.Post, $"/api/polls/{pollId}/end", stranger))
        {
            await Accounts.ProblemAsync(byStranger, HttpStatusCode.Forbidden);
        }
        using (var byOwner = await gateway.SendAsync(HttpMethod.Post, $"/api/polls/{pollId}/end", owner))
        {
            Assert.True(byOwner.IsSuccessStatusCode, $"ending the poll: {byOwner.StatusCode}");
        }
        foreach (var response in responses) response.Dispose();
    }

    private static async Task<Guid> FirstOptionAsync(HttpClient gateway, Guid pollId) =>
        (await gateway.GetFromJsonAsync<JsonElement>($"/api/polls/{pollId}")).GetProperty("options")[0].GetProperty("id").GetGuid();

    private static async Task<HttpStatusCode> VoteAsync(HttpClient client, string token, Guid pollId, Guid optionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/polls/{pollId}/votes")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = JsonContent.Create(new { optionId }),
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
