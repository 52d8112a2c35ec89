using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// Community gift subscriptions through the gateway, on one live stream: the signed-in viewers watching without a
/// subscription are drawn at checkout, each gets a gifted month when the payment lands, the room gets one gift alert, and a
/// viewer who subscribed in between is refunded at the Stripe sandbox once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CommunityGiftTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly PaymentFlows _pay = new(platform);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await LedgerInvariants.AssertHoldAsync(_pay.PaymentsDb);
        _pay.Dispose();
    }

    [Fact]
    public async Task A_community_gift_subscribes_the_watching_viewers_without_a_subscription_and_refunds_one_who_subscribed_meanwhile()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        await using var live = await ChatRooms.OpenAsync(platform, _pay.Gateway, owner);
        var channelId = (await Channels.GetAsync(_pay.Gateway, live.Slug)).GetProperty("id").GetGuid();
        await _pay.WaitChannelKnownAsync(owner, live.Slug);
        var (room, alerts) = await PaymentFlows.WatchAlertsAsync(platform, live.StreamId);
        await using var watching = room;
        var gifter = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var viewers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Accounts.RegisterAndLoginAsync(_pay.Gateway)));
        var (first, second, subscriber, late, latecomer) = (viewers[0], viewers[1], viewers[2], viewers[3], viewers[4]);
        await SubscribeAsync(subscriber, live.Slug);
        var gift = new { channelSlug = live.Slug, giftType = "sub_premium", quantity = 2 };

        using (var anonymous = await _pay.GiftAsync(null, gift, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        // Payments learns of new users from Identity's events; a viewer it does not know yet cannot be drawn.
        var key = Guid.NewGuid().ToString();
        var created = await Eventually.ValueAsync(async () =>
        {
            await WatchAsync(live.StreamId, gifter, first, second, subscriber);
            using var response = await _pay.GiftAsync(gifter, gift, key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, a => a.StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(15), every: TimeSpan.FromSeconds(1));
        Assert.True(created.StatusCode == HttpStatusCode.Created, created.Body);
        var started = Started.From(JsonDocument.Parse(created.Body).RootElement);
        using (var tooMany = await _pay.GiftAsync(gifter, gift with { quantity = 3 }, Guid.NewGuid().ToString()))
        {
            var problem = await Accounts.ProblemAsync(tooMany, HttpStatusCode.Conflict);
            Assert.Equal(2, problem.GetProperty("eligibleViewers").GetInt32());
        }

        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(started));

        var received = await PaymentFlows.CollectAlertsAsync(alerts, 3, TimeSpan.FromSeconds(20));
        var giftAlert = Assert.Single(received, a => a.GetProperty("type").GetString() == "gift");
        Assert.Equal((gifter.Username, "premium", 2), (giftAlert.GetProperty("from").GetString(), giftAlert.GetProperty("tier").GetString(),
            giftAlert.GetProperty("count").GetInt32()));
        // Then each recipient's own alert, naming who gave it.
        Assert.Equal(new[] { first.Username, second.Username }.Order(), received.Where(a => a.GetProperty("type").GetString() == "subscription")
            .Select(a => a.GetProperty("from").GetString()).Order());
        Assert.All(received.Where(a => a.GetProperty("type").GetString() == "subscription"),
            a => Assert.Equal(gifter.Username, a.GetProperty("giftedBy").GetString()));
        foreach (var fan in new[] { first, second })
        {
            Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM subscriptions WHERE channel_id = @c AND subscriber_id = @u "
                + "AND gift_id = @g AND gifter_id = @f AND status = 'active' AND NOT auto_renew",
                ("c", channelId), ("u", fan.Id), ("g", started.Id), ("f", gifter.Id)));
        }
        Assert.Equal(2, await _pay.CountAsync("SELECT count(*) FROM subscriptions WHERE gift_id = @g", ("g", started.Id)));
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE "
            + "'AeThexLive.Contracts.Payments.GiftSent,%' AND payload->>'giftId' = @g", ("g", started.Id.ToString())));

        // Two drawn, one of whom subscribes before paying lands: one month given, the other refunded once at the sandbox.
        var refundKey = Guid.NewGuid().ToString();
        await WatchAsync(live.StreamId, late, latecomer, first);
        using var refundCheckout = await _pay.GiftAsync(gifter, new { channelSlug = live.Slug, giftType = "sub_basic", quantity = 2 }, refundKey);
        Assert.True(refundCheckout.StatusCode == HttpStatusCode.Created, await refundCheckout.Content.ReadAsStringAsync());
        var refunded = Started.From(await refundCheckout.Content.ReadFromJsonAsync<JsonElement>());
        await SubscribeAsync(late, live.Slug);
        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(refunded));

        Assert.True(await Eventually.HoldsAsync(async () => await _pay.CountAsync(
            "SELECT count(*) FROM gifts WHERE id = @g AND unplaced_count = 1 AND unplaced_refund_id IS NOT NULL", ("g", refunded.Id)) == 1,
            TimeSpan.FromSeconds(15)), "the unplaced subscription was never refunded");
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM subscriptions WHERE gift_id = @g AND subscriber_id = @u",
            ("g", refunded.Id), ("u", latecomer.Id)));
        var chargeId = await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb, "SELECT stripe_charge_id FROM gifts WHERE id = @g",
            ("g", refunded.Id));
        var charge = await _pay.StripeAsync(HttpMethod.Get, $"/v1/charges/{chargeId}");
        Assert.Equal(499, charge.GetProperty("amount_refunded").GetInt64());
        Assert.Single(charge.GetProperty("refunds").GetProperty("data").EnumerateArray());
        // charge.refunded follows the worker's own booking: still one reversal.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE channel_id = @c AND kind = 'refund'",
            ("c", channelId)));
    }

    [Fact]
    public async Task A_community_gift_needs_a_live_channel()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        var gifter = await Accounts.RegisterAndLoginAsync(_pay.Gateway);

        using var refused = await _pay.GiftAsync(gifter, new { channelSlug = slug, giftType = "sub_vip", quantity = 5 }, Guid.NewGuid().ToString());

        Assert.EndsWith("/not-live", (await Accounts.ProblemAsync(refused, HttpStatusCode.Conflict)).GetProperty("type").GetString());
    }

    /// <summary>A subscription started (its first invoice open): it counts as live, so its holder cannot be given a gifted one.</summary>
    private async Task SubscribeAsync(Account fan, string slug)
    {
        var subscribed = await Eventually.ValueAsync(async () =>
        {
            using var response = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", fan, new { tier = "basic" });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, a => a.StatusCode != HttpStatusCode.NotFound, TimeSpan.FromSeconds(15));
        Assert.True(subscribed.StatusCode == HttpStatusCode.Created, subscribed.Body);
    }

    private async Task WatchAsync(Guid streamId, params Account[] watchers)
    {
        foreach (var viewer in watchers)
        {
            using var response = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/streams/{streamId}/viewers/heartbeat", viewer,
                new { viewerId = viewer.Id.ToString() });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
