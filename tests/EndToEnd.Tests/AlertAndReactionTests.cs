using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class AlertAndReactionTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_donation_event_becomes_an_alert_in_the_live_room_and_reactions_arrive_aggregated()
    {
        using var gateway = platform.CreateGatewayClient();
        var owner = await Accounts.RegisterAndLoginAsync(gateway);
        var viewer = await Accounts.RegisterAndLoginAsync(gateway);
        await using var live = await ChatRooms.OpenAsync(platform, gateway, owner);
        var streamId = live.StreamId;
        var channelId = (await Channels.GetAsync(gateway, live.Slug)).GetProperty("id").GetGuid();

        await using var room = await ChatRooms.ConnectAsync(platform, null);
        var alerts = Channel.CreateUnbounded<JsonElement>();
        var reactions = Channel.CreateUnbounded<JsonElement>();
        room.On<JsonElement>("Alert", a => alerts.Writer.TryWrite(a));
        room.On<JsonElement>("ReactionReceived", r => reactions.Writer.TryWrite(r));
        await room.InvokeAsync("JoinStream", streamId);

        var payments = platform.DatabaseConnectionString("paymentsdb");
        var eventId = Guid.NewGuid();
        await PublishDonationAsync(payments, eventId, channelId, viewer, 500, "GG");
        var alert = await alerts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("donation", alert.GetProperty("type").GetString());
        Assert.Equal(viewer.Username, alert.GetProperty("from").GetString());
        Assert.Equal(500, alert.GetProperty("amountCents").GetInt64());
        Assert.Equal("GG", alert.GetProperty("message").GetString());

        // The same event delivered again (the relay re-sends it with its id) shows no second alert;
        // a later donation still does, and is the next alert the room sees.
        await DatabaseInspection.ExecuteAsync(payments, "UPDATE outbox_messages SET sent_at = NULL WHERE id = @id", ("id", eventId));
        Assert.True(await Eventually.HoldsAsync(async () => await DatabaseInspection.ScalarAsync<bool>(payments,
            "SELECT sent_at IS NOT NULL FROM outbox_messages WHERE id = @id", ("id", eventId)), TimeSpan.FromSeconds(10)));
        await PublishDonationAsync(payments, Guid.NewGuid(), channelId, viewer, 700, "again");
        var next = await alerts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(700, next.GetProperty("amountCents").GetInt64());
        await Task.Delay(500);
        Assert.False(alerts.Reader.TryRead(out _));

        // 40 viewers react three times each, all at once: the room gets a few aggregated counts, not 120 messages
        // (at most two a second from each chat replica that took some of them).
        var crowd = await TestTokens.MintAsync(platform, 40);
        using var client = platform.CreateGatewayClient();
        var clock = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(crowd.SelectMany(c => new[] { "🔥", "🔥", "👏" }.Select(e => ReactAsync(client, c.Token, streamId, e))));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        var totals = new Dictionary<string, int>();
        var messages = 0;
        while (totals.Values.Sum() < 120)
        {
            var batch = await reactions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            messages++;
            foreach (var count in batch.GetProperty("counts").EnumerateObject()) totals[count.Name] = totals.GetValueOrDefault(count.Name) + count.Value.GetInt32();
        }
        Assert.Equal(80, totals["🔥"]);
        Assert.Equal(40, totals["👏"]);
        Assert.InRange(messages, 1, (int)(clock.Elapsed.TotalSeconds * 2 * PlatformFixture.ChatReplicas) + 2 * PlatformFixture.ChatReplicas);

        var one = crowd[0].Token;
        for (var i = 3; i < 10; i++) Assert.Equal(HttpStatusCode.Accepted, await ReactAsync(client, one, streamId, "🎉"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ReactAsync(client, one, streamId, "🎉"));
        Assert.Equal(HttpStatusCode.BadRequest, await ReactAsync(client, crowd[1].Token, streamId, "🍕"));
        Assert.Equal(HttpStatusCode.NotFound, await ReactAsync(client, crowd[1].Token, Guid.NewGuid(), "🔥"));
    }

    /// <summary>Payments' outbox is where DonationCompleted comes from; its relay publishes what lands there, with the row id as message id.</summary>
    private static Task PublishDonationAsync(string payments, Guid eventId, Guid channelId, Account donor, long amountCents, string message)
    {
        var donation = new { donationId = Guid.NewGuid(), channelId, donorId = donor.Id, donorName = donor.Username, amountCents, currency = "USD", message, completedAt = DateTime.UtcNow };
        return DatabaseInspection.ExecuteAsync(payments,
            "INSERT INTO outbox_messages (id, message_type, payload, occurred_at, attempts) VALUES (@id, @type, @payload::jsonb, now() AT TIME ZONE 'UTC', 0)",
            ("id", eventId), ("type", "AeThexLive.Contracts.Payments.DonationCompleted, AeThexLive.Contracts"), ("payload", JsonSerializer.Serialize(donation)));
    }

    private static async Task<HttpStatusCode> ReactAsync(HttpClient client, string token, Guid streamId, string emoji)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/streams/{streamId}/reactions")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = JsonContent.Create(new { emoji }),
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
