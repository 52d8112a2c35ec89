using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ChatModerationTests(PlatformFixture platform)
{
    [Fact]
    public async Task Moderators_delete_time_out_and_ban_and_reports_are_resolved_from_the_queue()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var moderator = await Accounts.RegisterAndLoginAsync(gateway);
        var otherModerator = await Accounts.RegisterAndLoginAsync(gateway);
        var troll = await Accounts.RegisterAndLoginAsync(gateway);
        var viewer = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);
        var (slug, streamId) = (live.Slug, live.StreamId);

        // Only the owner appoints moderators.
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/moderators/{moderator.Username}")).StatusCode);
        using (var byStranger = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/moderators/{moderator.Username}", viewer))
        {
            await Accounts.ProblemAsync(byStranger, HttpStatusCode.Forbidden);
        }
        foreach (var appointee in new[] { moderator, otherModerator })
        {
            using var appoint = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/moderators/{appointee.Username}", owner);
            Assert.Equal(HttpStatusCode.NoContent, appoint.StatusCode);
        }
        using (var byModerator = await gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/moderators/{viewer.Username}", moderator))
        {
            await Accounts.ProblemAsync(byModerator, HttpStatusCode.Forbidden);
        }

        await using var watching = await ChatRooms.ConnectAsync(platform, viewer);
        var events = Listen(watching, "MessageReceived", "MessageDeleted", "UserBanned");
        await watching.InvokeAsync("JoinStream", streamId);

        // A moderator's deletion reaches viewers and leaves the history; others may not delete.
        var rude = await PostAsync(gateway, troll, streamId, "rude words");
        await NextAsync(events, "MessageReceived");
        using (var byViewer = await gateway.SendAsync(HttpMethod.Delete, $"/api/chat/messages/{rude}", viewer))
        {
            await Accounts.ProblemAsync(byViewer, HttpStatusCode.Forbidden);
        }
        using (var byModerator = await gateway.SendAsync(HttpMethod.Delete, $"/api/chat/messages/{rude}", moderator))
        {
            Assert.Equal(HttpStatusCode.NoContent, byModerator.StatusCode);
        }
        Assert.Equal(rude, (await NextAsync(events, "MessageDeleted")).GetProperty("messageId").GetGuid());
        Assert.DoesNotContain(await HistoryIdsAsync(gateway, streamId), id => id == rude);

        // Report → queue → approve removes the message; reject keeps it.
        var reported = await PostAsync(gateway, troll, streamId, "borderline");
        var kept = await PostAsync(gateway, troll, streamId, "fine actually");
        var approveId = await ReportAsync(gateway, viewer, reported);
        var rejectId = await ReportAsync(gateway, viewer, kept);
        using (var again = await gateway.SendAsync(HttpMethod.Post, $"/api/chat/messages/{reported}/reports", viewer, new { reason = "again" }))
        {
            await Accounts.ProblemAsync(again, HttpStatusCode.Conflict);
        }
        using (var queueForViewer = await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/moderation-queue", viewer))
        {
            await Accounts.ProblemAsync(queueForViewer, HttpStatusCode.Forbidden);
        }
        var queue = await (await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/moderation-queue", moderator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new[] { approveId, rejectId }.Order(), queue.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).Order());
        using (var approve = await gateway.SendAsync(HttpMethod.Post, $"/api/moderation-queue/{approveId}", moderator, new { decision = "approve" }))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        }
        using (var reject = await gateway.SendAsync(HttpMethod.Post, $"/api/moderation-queue/{rejectId}", owner, new { decision = "reject" }))
        {
            Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        }
        using (var twice = await gateway.SendAsync(HttpMethod.Post, $"/api/moderation-queue/{rejectId}", owner, new { decision = "approve" }))
        {
            await Accounts.ProblemAsync(twice, HttpStatusCode.Conflict);
        }
        var history = await HistoryIdsAsync(gateway, streamId);
        Assert.DoesNotContain(reported, history);
        Assert.Contains(kept, history);

        // Moderators cannot ban the owner or each other; the owner can.
        using (var banOwner = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/bans", moderator, new { username = owner.Username }))
        {
            await Accounts.ProblemAsync(banOwner, HttpStatusCode.Forbidden);
        }
        using (var banPeer = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/bans", moderator, new { username = otherModerator.Username }))
        {
            await Accounts.ProblemAsync(banPeer, HttpStatusCode.Forbidden);
        }
        using (var badDuration = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/bans", moderator, new { username = troll.Username, durationSeconds = 0 }))
        {
            await Accounts.ProblemAsync(badDuration, HttpStatusCode.BadRequest);
        }

        // A time-out: the user's recent messages leave the chat, both routes refuse, and it lifts by itself.
        var recent = await PostAsync(gateway, troll, streamId, "one more");
        using (var timeout = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/bans", moderator, new { username = troll.Username, reason = "cool off", durationSeconds = 4 }))
        {
            Assert.Equal(HttpStatusCode.Created, timeout.StatusCode);
        }
        var banned = await NextAsync(events, "UserBanned");
        Assert.Equal(troll.Id, banned.GetProperty("userId").GetGuid());
        Assert.Contains(recent, banned.GetProperty("removedMessageIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.DoesNotContain(kept, await HistoryIdsAsync(gateway, streamId));
        using (var refused = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", troll, new { message = "let me speak" }))
        {
            var problem = await Accounts.ProblemAsync(refused, HttpStatusCode.Forbidden);
            Assert.EndsWith("/banned-from-chat", problem.GetProperty("type").GetString());
        }
        await using (var trollHub = await ChatRooms.ConnectAsync(platform, troll))
        {
            var reply = await trollHub.InvokeAsync<JsonElement>("SendMessage", streamId, "over the hub then");
            Assert.Equal("banned-from-chat", reply.GetProperty("refusal").GetProperty("code").GetString());
        }
        await Task.Delay(TimeSpan.FromSeconds(5));
        await PostAsync(gateway, troll, streamId, "back, and nicer");

        // A permanent ban holds until lifted.
        using (var ban = await gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/bans", owner, new { username = troll.Username }))
        {
            Assert.Equal(HttpStatusCode.Created, ban.StatusCode);
        }
        var list = await (await gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/bans", moderator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(Assert.Single(list.EnumerateArray()).GetProperty("isPermanent").GetBoolean());
        using (var unban = await gateway.SendAsync(HttpMethod.Delete, $"/api/channels/{slug}/bans/{troll.Username}", moderator))
        {
            Assert.Equal(HttpStatusCode.NoContent, unban.StatusCode);
        }
        await PostAsync(gateway, troll, streamId, "thanks");
    }

    private static ChannelReader<(string Name, JsonElement Body)> Listen(HubConnection connection, params string[] names)
    {
        var inbox = Channel.CreateUnbounded<(string, JsonElement)>();
        foreach (var name in names) connection.On<JsonElement>(name, body => inbox.Writer.TryWrite((name, body)));
        return inbox.Reader;
    }

    private static async Task<JsonElement> NextAsync(ChannelReader<(string Name, JsonElement Body)> events, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var (received, body) = await events.ReadAsync(timeout.Token);
            if (received == name) return body;
        }
    }

    private static async Task<Guid> PostAsync(HttpClient gateway, Account user, Guid streamId, string text)
    {
        using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", user, new { message = text });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> ReportAsync(HttpClient gateway, Account user, Guid messageId)
    {
        using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/chat/messages/{messageId}/reports", user, new { reason = "spam" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<List<Guid>> HistoryIdsAsync(HttpClient gateway, Guid streamId) =>
        (await gateway.GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}/chat?limit=100")).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("id").GetGuid()).ToList();
}
