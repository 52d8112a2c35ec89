using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Chat through the gateway's WebSocket route with the real SignalR client.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ChatTests(PlatformFixture platform)
{
    [Fact]
    public async Task Messages_reach_every_viewer_in_the_room_by_hub_and_by_http_and_show_in_history()
    {
        using var gateway = platform.CreateGatewayClient();
        var creator = await Accounts.RegisterAndLoginAsync(gateway);
        var sender = await Accounts.RegisterAndLoginAsync(gateway);
        var reader = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, creator);
        var (slug, streamId) = (live.Slug, live.StreamId);

        await using var anonymousViewer = await ChatRooms.ConnectAsync(platform, null);
        await using var signedInViewer = await ChatRooms.ConnectAsync(platform, reader);
        await using var senderConnection = await ChatRooms.ConnectAsync(platform, sender);
        var anonymousInbox = Inbox(anonymousViewer);
        var readerInbox = Inbox(signedInViewer);
        foreach (var connection in new[] { anonymousViewer, signedInViewer, senderConnection })
        {
            await connection.InvokeAsync("JoinStream", streamId);
        }

        var sent = await senderConnection.InvokeAsync<JsonElement>("SendMessage", streamId, "  hello\u0007 room  ");
        Assert.True(sent.GetProperty("ok").GetBoolean());
        Assert.Equal("hello room", sent.GetProperty("value").GetProperty("message").GetString());
        foreach (var inbox in new[] { anonymousInbox, readerInbox })
        {
            var received = await inbox.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("hello room", received.GetProperty("message").GetString());
            Assert.Equal(sender.Username, received.GetProperty("username").GetString());
            Assert.Equal(sender.Id, received.GetProperty("userId").GetGuid());
        }

        using (var overHttp = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", sender, new { message = "sent over http" }))
        {
            Assert.Equal(HttpStatusCode.Created, overHttp.StatusCode);
        }
        Assert.Equal("sent over http", (await readerInbox.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).GetProperty("message").GetString());
        Assert.Equal("sent over http", (await anonymousInbox.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).GetProperty("message").GetString());

        var history = await gateway.GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}/chat?limit=10");
        Assert.Equal(["sent over http", "hello room"], history.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("message").GetString()));

        // Refusals are answers with a code and a plain reason, not errors; the connection carries
        // on, and the anonymous viewer still receives afterwards.
        await AssertRefusedAsync(anonymousViewer, streamId, "let me in", "sign-in-required");
        await AssertRefusedAsync(senderConnection, streamId, "   ", "invalid-message");
        await AssertRefusedAsync(senderConnection, streamId, new string('x', 501), "invalid-message");
        await AssertRefusedAsync(senderConnection, Guid.NewGuid(), "nobody here", "not-found");
        // A frame far over any message's size is refused with a reason too, not by cutting the connection.
        await AssertRefusedAsync(senderConnection, streamId, new string('z', 200_000), "invalid-message");
        Assert.Equal(HubConnectionState.Connected, senderConnection.State);
        // A payload cannot name its sender: an extra user id is refused, and what the room gets carries the token's user.
        await Assert.ThrowsAsync<HubException>(() => senderConnection.InvokeAsync<JsonElement>("SendMessage", streamId, "as someone else", creator.Id));
        await senderConnection.InvokeAsync<JsonElement>("SendMessage", streamId, new string('y', 500));
        var longest = await anonymousInbox.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(500, longest.GetProperty("message").GetString()!.Length);
        Assert.Equal(sender.Id, longest.GetProperty("userId").GetGuid());
        Assert.Equal(sender.Username, longest.GetProperty("username").GetString());
        Assert.False(anonymousInbox.TryRead(out var leaked), $"a refused message reached the room: {leaked}");
        Assert.Equal(HubConnectionState.Connected, anonymousViewer.State);

        // The ended stream's chat is read-only.
        await live.Publisher.StopAsync();
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", sender, new { message = "still there?" });
            return response.StatusCode == HttpStatusCode.Conflict;
        }, PlatformFixture.ReconnectGrace + TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1));
        using var afterEnd = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/chat", sender, new { message = "still there?" });
        var ended = await Accounts.ProblemAsync(afterEnd, HttpStatusCode.Conflict);
        Assert.EndsWith("/stream-not-live", ended.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_message_sent_on_one_chat_instance_reaches_viewers_connected_to_the_other()
    {
        using var gateway = platform.CreateGatewayClient();
        var creator = await Accounts.RegisterAndLoginAsync(gateway);
        var sender = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, creator);
        var (slug, streamId) = (live.Slug, live.StreamId);

        // Straight to each instance, so the two connections are certainly on different ones.
        await using var onFirst = await ChatRooms.ConnectToAsync(platform.App.GetEndpoint("chat", "http"), null);
        await using var onSecond = await ChatRooms.ConnectToAsync(platform.App.GetEndpoint("chat-2", "http"), sender);
        var inbox = Inbox(onFirst);
        await onFirst.InvokeAsync("JoinStream", streamId);
        await onSecond.InvokeAsync("JoinStream", streamId);

        await onSecond.InvokeAsync<JsonElement>("SendMessage", streamId, "across instances");
        Assert.Equal("across instances", (await inbox.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).GetProperty("message").GetString());

        // And through the gateway, several clients negotiate and connect wherever the cookie pins them.
        var viewers = new List<HubConnection>();
        try
        {
            for (var i = 0; i < 6; i++) viewers.Add(await ChatRooms.ConnectAsync(platform, null));
            var inboxes = viewers.Select(Inbox).ToList();
            foreach (var viewer in viewers) await viewer.InvokeAsync("JoinStream", streamId);
            await onSecond.InvokeAsync<JsonElement>("SendMessage", streamId, "to everyone, really");
            foreach (var viewerInbox in inboxes)
            {
                Assert.Equal("to everyone, really", (await viewerInbox.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5))).GetProperty("message").GetString());
            }
        }
        finally
        {
            foreach (var viewer in viewers) await viewer.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("{\"message\": \"\"}", "message")]
    [InlineData("{\"message\": \"   \"}", "message")]
    [InlineData("{\"message\": 7}", "message")]
    [InlineData("{\"message\": \"hi\", \"userId\": \"00000000-0000-0000-0000-000000000001\"}", "userId")]
    public async Task Bad_chat_bodies_get_400_naming_the_field(string json, string field)
    {
        using var gateway = platform.CreateGatewayClient();
        var sender = await Accounts.RegisterAndLoginAsync(gateway);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/streams/{Guid.NewGuid()}/chat")
        {
            Headers = { Authorization = sender.Bearer },
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await gateway.SendAsync(request);
        var problem = await Accounts.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task Posting_needs_a_signed_in_user_and_a_known_stream()
    {
        using var gateway = platform.CreateGatewayClient();
        var sender = await Accounts.RegisterAndLoginAsync(gateway);
        using (var anonymous = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{Guid.NewGuid()}/chat", body: new { message = "hi" }))
        {
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }
        using var unknown = await gateway.SendAsync(HttpMethod.Post, $"/api/streams/{Guid.NewGuid()}/chat", sender, new { message = "hi" });
        await Accounts.ProblemAsync(unknown, HttpStatusCode.NotFound);
        using var history = await gateway.GetAsync($"/api/streams/{Guid.NewGuid()}/chat");
        await Accounts.ProblemAsync(history, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "/api/streams/{id}/chat")]
    [InlineData("POST", "/api/streams/{id}/reactions")]
    [InlineData("POST", "/api/streams/{id}/polls")]
    [InlineData("POST", "/api/polls/{id}/votes")]
    [InlineData("POST", "/api/polls/{id}/end")]
    [InlineData("DELETE", "/api/chat/messages/{id}")]
    [InlineData("POST", "/api/chat/messages/{id}/reports")]
    [InlineData("POST", "/api/moderation-queue/{id}")]
    [InlineData("PUT", "/api/channels/{slug}/chat-settings")]
    [InlineData("POST", "/api/channels/{slug}/bans")]
    [InlineData("DELETE", "/api/channels/{slug}/bans/someone")]
    [InlineData("PUT", "/api/channels/{slug}/moderators/someone")]
    [InlineData("DELETE", "/api/channels/{slug}/moderators/someone")]
    public async Task Every_mutating_chat_route_refuses_anonymous_callers(string method, string route)
    {
        using var gateway = platform.CreateGatewayClient();
        var path = route.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{slug}", Channels.NewSlug(), StringComparison.Ordinal);
        using var response = await gateway.SendAsync(new HttpMethod(method), path, body: new { });
        await Accounts.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    private static ChannelReader<JsonElement> Inbox(HubConnection connection)
    {
        var inbox = Channel.CreateUnbounded<JsonElement>();
        connection.On<JsonElement>("MessageReceived", message => inbox.Writer.TryWrite(message));
        return inbox.Reader;
    }

    private static async Task AssertRefusedAsync(HubConnection connection, Guid streamId, string text, string code)
    {
        var reply = await connection.InvokeAsync<JsonElement>("SendMessage", streamId, text);
        Assert.False(reply.GetProperty("ok").GetBoolean(), $"'{text[..Math.Min(20, text.Length)]}' was accepted");
        var refusal = reply.GetProperty("refusal");
        Assert.Equal(code, refusal.GetProperty("code").GetString());
        var reason = refusal.GetProperty("reason").GetString()!;
        Assert.DoesNotContain("unexpected error", reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", reason, StringComparison.Ordinal);
    }
}
