using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ChatRulesTests(PlatformFixture platform)
{
    [Fact]
    public async Task Followers_only_slow_mode_emote_only_and_blocked_terms_hold_for_viewers_but_not_the_owner()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var viewer = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);
        var (slug, streamId) = (live.Slug, live.StreamId);

        await using var room = await ChatRooms.ConnectAsync(platform, null);
        var received = Channel.CreateUnbounded<JsonElement>();
        room.On<JsonElement>("MessageReceived", m => received.Writer.TryWrite(m));
        await room.InvokeAsync("JoinStream", streamId);

        using (var bad = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/chat-settings", owner, new { slowModeSeconds = 9999, emoteOnly = false }))
        {
            var problem = await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("slowModeSeconds", out _));
        }
        using (var byViewer = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/chat-settings", viewer, new { slowModeSeconds = 0, emoteOnly = false }))
        {
            await Accounts.ProblemAsync(byViewer, HttpStatusCode.Forbidden);
        }

        // Followers only: a viewer who does not follow is refused until they do.
        await PutRulesAsync(new { slowModeSeconds = 0, followersOnlyMinutes = 0, emoteOnly = false, blockedTerms = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(viewer, "hi"));
        using (var follow = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/follow", viewer))
        {
            Assert.Equal(HttpStatusCode.NoContent, follow.StatusCode);
        }
        Assert.True(await Eventually.HoldsAsync(async () => await PostStatusAsync(viewer, "hi, follower now") == HttpStatusCode.Created, TimeSpan.FromSeconds(15)));

        // Slow mode: one message every 3 s for viewers; the owner is exempt.
        await PutRulesAsync(new { slowModeSeconds = 3, followersOnlyMinutes = (int?)null, emoteOnly = false, blockedTerms = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Created, await PostStatusAsync(viewer, "first"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostStatusAsync(viewer, "second, too soon"));
        Assert.Equal(HttpStatusCode.Created, await PostStatusAsync(owner, "owner is exempt"));
        Assert.Equal(HttpStatusCode.Created, await PostStatusAsync(owner, "still exempt"));
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(HttpStatusCode.Created, await PostStatusAsync(viewer, "after the wait"));

        // Emote-only.
        await PutRulesAsync(new { slowModeSeconds = 0, followersOnlyMinutes = (int?)null, emoteOnly = true, blockedTerms = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Forbidden, await PostStatusAsync(viewer, "words"));
        Assert.Equal(HttpStatusCode.Created, await PostStatusAsync(viewer, "🔥 👏🏽 ❤️"));

        // Blocked terms: held for the moderators, shown only if they release it.
        await PutRulesAsync(new { slowModeSeconds = 0, followersOnlyMinutes = (int?)null, emoteOnly = false, blockedTerms = new[] { "Spoiler" } });
        var anonymousView = await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}/chat-settings");
        Assert.Equal(JsonValueKind.Null, anonymousView.GetProperty("blockedTerms").ValueKind);
        while (received.Reader.TryRead(out _)) { }
        using (var held = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", viewer, new { message = "big SPOILER: it was a dream" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
            Assert.True((await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("held").GetBoolean());
        }
        var history = await gateway.GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}/chat?limit=100");
        Assert.DoesNotContain(history.GetProperty("items").EnumerateArray(), m => m.GetProperty("message").GetString()!.Contains("dream"));
        var queue = await (await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/moderation-queue", owner)).Content.ReadFromJsonAsync<JsonElement>();
        var report = Assert.Single(queue.GetProperty("items").EnumerateArray());
        await Task.Delay(300);
        Assert.False(received.Reader.TryRead(out var early), $"a held message reached the room before review: {early}");
        // Resolved twice at once (two moderators' clicks): one decides, the other is told it is done.
        var releases = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var release = await gateway.SendAsync(HttpMethod.Post, $"/api/moderation-queue/{report.GetProperty("id").GetGuid()}", owner, new { decision = "reject" });
            return release.StatusCode;
        }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], releases.Order());
        var shown = await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("big SPOILER: it was a dream", shown.GetProperty("message").GetString());
        await Task.Delay(300);
        Assert.False(received.Reader.TryRead(out var again), $"the released message was shown twice: {again}");

        async Task PutRulesAsync(object rules)
        {
            using var response = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/chat-settings", owner, rules);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        async Task<HttpStatusCode> PostStatusAsync(Account user, string text)
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", user, new { message = text });
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests) await Accounts.ProblemAsync(response, response.StatusCode);
            return response.StatusCode;
        }
    }

    [Fact]
    public async Task A_new_channels_rules_set_by_several_requests_at_once_all_succeed()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(seconds => gateway.SendAsync(HttpMethod.Put,
            $"/api/channels/{live.Slug}/chat-settings", owner, new { slowModeSeconds = seconds, emoteOnly = false })));
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var shown = await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{live.Slug}/chat-settings");
        Assert.InRange(shown.GetProperty("slowModeSeconds").GetInt32(), 1, 6);
        foreach (var response in responses) response.Dispose();
    }
}
