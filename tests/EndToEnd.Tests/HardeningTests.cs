using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>What an attacker or a careless client tried, and what it gets now: a clear 4xx, never a 500.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HardeningTests(PlatformFixture platform)
{
    public static TheoryData<string, string, string> ControlCharacters => new()
    {
        // (method, path, body): the field named in the 400 is the one carrying the character.
        { "GET", "/api/channels?q=%00", "" },
        { "GET", "/api/channels?category=a%01b", "" },
        { "GET", "/api/users/bad%01name", "" },
        { "POST", "/api/auth/login", "{\"login\":\"a\\u0000b\",\"password\":\"whatever it is\"}" },
        { "POST", "/api/auth/register", "{\"username\":\"someone\",\"email\":\"a@b.co\",\"password\":\"long enough password\",\"displayName\":\"x\\u0000\"}" },
        { "POST", "/api/auth/login", "{\"login\":\"a\\ud800b\",\"password\":\"whatever it is\"}" },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task Control_characters_in_a_query_path_or_body_are_a_400_naming_the_field(string method, string path, string body)
    {
        using var gateway = platform.CreateGatewayClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await gateway.SendAsync(request);
        var problem = await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
        var field = problem.GetProperty("errors").EnumerateObject().Single();
        Assert.Contains("control characters", field.Value[0].GetString());
    }

    [Fact]
    public async Task A_NUL_in_the_path_is_refused_before_any_service_sees_it()
    {
        // Kestrel itself refuses a request target with an encoded NUL (a bare 400, connection
        // closed): the one answer here that is not problem+json, since no application code runs.
        using var gateway = platform.CreateGatewayClient();
        using var response = await gateway.GetAsync("/api/users/bad%00name");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_kind_of_write_with_a_budget_of_its_own_runs_dry_for_its_user_alone_with_a_429_saying_when()
    {
        // Reports keep their default budget here (30 a minute); whether the message exists does not
        // matter to the gateway, which spends the budget before any service looks.
        using var gateway = platform.CreateGatewayClient();
        var reporter = await Accounts.RegisterAndLoginAsync(gateway);
        var bystander = await Accounts.RegisterAndLoginAsync(gateway);
        Task<HttpResponseMessage> ReportAsync(Account who) =>
            gateway.SendAsync(HttpMethod.Post, $"/api/chat/messages/{Guid.NewGuid()}/reports", who, new { reason = "spam" });

        for (var i = 0; i < 30; i++)
        {
            using var spent = await ReportAsync(reporter);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, spent.StatusCode);
        }
        using (var refused = await ReportAsync(reporter))
        {
            var problem = await Accounts.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.EndsWith("/rate-limited", problem.GetProperty("type").GetString());
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 429 without Retry-After");
        }
        using (var other = await ReportAsync(bystander))
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
        }
        // Only that kind ran dry: the reporter's other writes go on.
        using var rename = await gateway.SendAsync(HttpMethod.Patch, "/api/users/me", reporter, new { displayName = "Still Writing" });
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
    }

    [Fact]
    public async Task A_key_given_twice_is_a_400_and_a_body_that_is_not_json_is_a_415_on_every_body_route()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);

        using (var twice = await gateway.PostAsync("/api/auth/login",
                   new StringContent("{\"login\":\"a\",\"login\":\"b\",\"password\":\"whatever it is\"}", Encoding.UTF8, "application/json")))
        {
            var problem = await Accounts.ProblemAsync(twice, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("login", out _), problem.ToString());
        }

        foreach (var path in new[] { "/api/channels", "/api/auth/register", $"/api/users/me" })
        {
            var method = path == "/api/users/me" ? HttpMethod.Patch : HttpMethod.Post;
            foreach (var content in new HttpContent?[] { null, new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"), new StringContent("{}", Encoding.UTF8, "text/plain") })
            {
                using var request = new HttpRequestMessage(method, path) { Content = content };
                request.Headers.Authorization = owner.Bearer;
                using var response = await gateway.SendAsync(request);
                var problem = await Accounts.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
                Assert.EndsWith("/unsupported-media-type", problem.GetProperty("type").GetString());
            }
        }
    }

    [Fact]
    public async Task Oversized_requests_and_misses_under_hls_and_media_answer_problem_json()
    {
        using var gateway = platform.CreateGatewayClient();
        using (var longTarget = await gateway.GetAsync("/api/channels?q=" + new string('a', 9000)))
        {
            await Accounts.ProblemAsync(longTarget, HttpStatusCode.RequestUriTooLong);
        }
        using (var bigHeaders = new HttpRequestMessage(HttpMethod.Get, "/api/channels"))
        {
            bigHeaders.Headers.Add("X-Padding", new string('b', 40_000));
            using var response = await gateway.SendAsync(bigHeaders);
            await Accounts.ProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
        }
        foreach (var path in new[] { "/hls/no-such-channel/index.m3u8", "/hls/no-such-channel/3.ts", "/media/no/such/file.mp4" })
        {
            using var miss = await gateway.GetAsync(path);
            await Accounts.ProblemAsync(miss, HttpStatusCode.NotFound);
            Assert.False(miss.Headers.Contains("Server"), $"{path} names the server software");
        }
    }

    [Fact]
    public async Task Every_listener_of_the_platform_is_on_loopback()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var ports = model.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>())
            .Select(e => e.AllocatedEndpoint?.Port ?? e.Port).OfType<int>().Distinct().ToList();
        Assert.Contains(ports, p => p > 0);
        var listening = await ListeningAddressesAsync();
        foreach (var port in ports)
        {
            var addresses = listening.Where(l => l.Port == port).Select(l => l.Address).ToList();
            Assert.All(addresses, address => Assert.True(address is "127.0.0.1" or "[::1]" or "::1", $"port {port} listens on {address}"));
        }
    }

    [Fact]
    public async Task Moderators_banning_one_user_at_once_while_they_chat_get_no_500()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var troll = await Accounts.RegisterAndLoginAsync(gateway);
        var moderators = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Accounts.RegisterAndLoginAsync(gateway)));
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);
        foreach (var moderator in moderators)
        {
            using var appointed = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{live.Slug}/moderators/{moderator.Username}", owner);
            Assert.Equal(HttpStatusCode.NoContent, appointed.StatusCode);
        }
        for (var i = 0; i < 10; i++)
        {
            using var said = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{live.StreamId}/chat", troll, new { message = $"troll {i}" });
        }

        var banStart = DateTime.UtcNow;
        var bans = moderators.Concat([owner]).SelectMany(banner => Enumerable.Range(0, 3).Select(async i =>
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{live.Slug}/bans", banner,
                new { username = troll.Username, reason = "spam", durationSeconds = i == 0 ? (int?)null : 60 });
            return response.StatusCode;
        }));
        var chatter = Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{live.StreamId}/chat", troll, new { message = $"more {i}" });
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(bans.Concat(chatter));

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.All(statuses.Take(12), s => Assert.Equal(HttpStatusCode.Created, s));
        var history = await gateway.GetFromJsonAsync<JsonElement>($"/api/streams/{live.StreamId}/chat?limit=100");
        // Whatever the troll said before the bans is gone (what raced them may have landed after the purge).
        Assert.DoesNotContain(history.GetProperty("items").EnumerateArray(), m => m.GetProperty("userId").GetGuid() == troll.Id
            && m.GetProperty("createdAt").GetDateTime().ToUniversalTime() < banStart.AddSeconds(-1));
    }

    [Fact]
    public async Task A_banned_viewer_neither_votes_nor_reacts_over_http_or_the_hub()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var troll = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);
        using var created = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{live.StreamId}/polls", owner,
            new { question = "Best map?", options = new[] { "Dust", "Nuke" }, durationSeconds = 60 });
        var poll = await created.Content.ReadFromJsonAsync<JsonElement>();
        var option = poll.GetProperty("options")[0].GetProperty("id").GetGuid();
        using (var banned = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{live.Slug}/bans", owner,
                   new { username = troll.Username, reason = "spam", durationSeconds = 300 }))
        {
            Assert.Equal(HttpStatusCode.Created, banned.StatusCode);
        }

        using (var vote = await gateway.SendAsync(HttpMethod.Post, $"/api/polls/{poll.GetProperty("id").GetGuid()}/votes", troll, new { optionId = option }))
        {
            var problem = await Accounts.ProblemAsync(vote, HttpStatusCode.Forbidden);
            Assert.EndsWith("/banned-from-chat", problem.GetProperty("type").GetString());
        }
        using (var react = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{live.StreamId}/reactions", troll, new { emoji = "🔥" }))
        {
            await Accounts.ProblemAsync(react, HttpStatusCode.Forbidden);
        }
        await using var hub = await ChatRooms.ConnectAsync(platform, troll);
        var joined = await hub.InvokeAsync<JsonElement>("JoinStream", live.StreamId);
        Assert.Equal(poll.GetProperty("id").GetGuid(), joined.GetProperty("value").GetProperty("runningPoll").GetProperty("id").GetGuid());
        foreach (var reply in new[]
        {
            await hub.InvokeAsync<JsonElement>("Vote", poll.GetProperty("id").GetGuid(), option),
            await hub.InvokeAsync<JsonElement>("SendReaction", live.StreamId, "🔥"),
        })
        {
            Assert.False(reply.GetProperty("ok").GetBoolean());
            Assert.Equal("banned-from-chat", reply.GetProperty("refusal").GetProperty("code").GetString());
        }
        var tally = await gateway.GetFromJsonAsync<JsonElement>($"/api/polls/{poll.GetProperty("id").GetGuid()}");
        Assert.Equal(0, tally.GetProperty("totalVotes").GetInt32());
    }

    [Fact]
    public async Task A_blocked_term_written_with_look_alike_letters_or_invisible_characters_is_still_held()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var viewer = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);
        using (var rules = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{live.Slug}/chat-settings", owner,
                   new { slowModeSeconds = 0, emoteOnly = false, blockedTerms = new[] { "scam" } }))
        {
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        }

        // Cyrillic а and с, a zero-width space, full-width letters, an accent, a zero for an o.
        foreach (var disguised in new[] { "free sсаm here", "s\u200Bcam", "ｓｃａｍ", "scám", "SCAM", "sc4m is fine" })
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{live.StreamId}/chat", viewer, new { message = disguised });
            var expected = disguised == "sc4m is fine" ? HttpStatusCode.Created : HttpStatusCode.Accepted;
            Assert.True(response.StatusCode == expected, $"'{disguised}': {(int)response.StatusCode}");
        }
    }

    private static async Task<List<(string Address, int Port)>> ListeningAddressesAsync()
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", "-Hltn") { RedirectStandardOutput = true })!;
        var output = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])
            .Select(local => (Address: local[..local.LastIndexOf(':')], Port: int.Parse(local[(local.LastIndexOf(':') + 1)..])))
            .ToList();
    }
}
