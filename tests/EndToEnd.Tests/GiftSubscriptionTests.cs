using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// Gift subscriptions through the gateway: a month for a named viewer, paid once however the request and Stripe's webhook
/// are repeated, paid out like a subscription, announced in the live room, and shown as a badge on the recipient's messages.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GiftSubscriptionTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly PaymentFlows _pay = new(platform);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pay.DeliveryModeAsync(new { });
        await LedgerInvariants.AssertHoldAsync(_pay.PaymentsDb);
        _pay.Dispose();
    }

    [Fact]
    public async Task A_gifted_month_paid_once_despite_retries_subscribes_its_recipient_once_and_their_messages_carry_the_tier()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        await using var live = await ChatRooms.OpenAsync(platform, _pay.Gateway, owner);
        var channelId = (await Channels.GetAsync(_pay.Gateway, live.Slug)).GetProperty("id").GetGuid();
        await _pay.WaitChannelKnownAsync(owner, live.Slug);
        var (room, alerts) = await PaymentFlows.WatchAlertsAsync(platform, live.StreamId);
        await using var watching = room;
        var gifter = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var fan = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var key = Guid.NewGuid().ToString();
        var gift = new { channelSlug = live.Slug, giftType = "sub_premium", quantity = 1, recipientUsername = fan.Username };

        // Payments learns of new users from Identity's events; until then the recipient is unknown.
        var first = await Eventually.ValueAsync(async () =>
        {
            using var response = await _pay.GiftAsync(gifter, gift, key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, a => a.StatusCode != HttpStatusCode.NotFound, TimeSpan.FromSeconds(15));
        Assert.True(first.StatusCode == HttpStatusCode.Created, first.Body);
        var started = Started.From(JsonDocument.Parse(first.Body).RootElement);
        Assert.Equal(999, JsonDocument.Parse(first.Body).RootElement.GetProperty("amountCents").GetInt64());
        using (var again = await _pay.GiftAsync(gifter, gift, key))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(started.Id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        await _pay.DeliveryModeAsync(new { copies = 4 });
        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(started));

        var received = await PaymentFlows.CollectAlertsAsync(alerts, 2, TimeSpan.FromSeconds(30));
        var giftAlert = Assert.Single(received, a => a.GetProperty("type").GetString() == "gift");
        Assert.Equal((gifter.Username, "premium", 1), (giftAlert.GetProperty("from").GetString(), giftAlert.GetProperty("tier").GetString(),
            giftAlert.GetProperty("count").GetInt32()));
        var subscribed = Assert.Single(received, a => a.GetProperty("type").GetString() == "subscription");
        Assert.Equal((fan.Username, gifter.Username), (subscribed.GetProperty("from").GetString(), subscribed.GetProperty("giftedBy").GetString()));

        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM subscriptions WHERE channel_id = @c", ("c", channelId)));
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM subscriptions WHERE channel_id = @c AND subscriber_id = @u AND gift_id = @g "
            + "AND gifter_id = @f AND status = 'active' AND NOT auto_renew AND stripe_subscription_id IS NULL",
            ("c", channelId), ("u", fan.Id), ("g", started.Id), ("f", gifter.Id)));
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE channel_id = @c", ("c", channelId)));
        // 999 cents at the subscription share (50 %): 499 to the creator, the platform bearing Stripe's fee.
        Assert.Equal(499, await _pay.CountAsync("SELECT pending_cents FROM channel_balances WHERE channel_id = @c", ("c", channelId)));
        Assert.Equal(1, await _pay.CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'AeThexLive.Contracts.Payments.GiftSent,%' AND payload->>'giftId' = @g",
            ("g", started.Id.ToString())));
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM outbox_messages WHERE message_type LIKE "
            + "'AeThexLive.Contracts.Payments.SubscriptionStarted,%' AND payload->>'userId' = @u AND payload->>'gifterId' = @f",
            ("u", fan.Id.ToString()), ("f", gifter.Id.ToString())));

        using (var mine = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/subscriptions", fan))
        {
            var item = Assert.Single((await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
            Assert.True(item.GetProperty("gifted").GetBoolean());
            Assert.False(item.GetProperty("autoRenew").GetBoolean());
            using var cancel = await _pay.Gateway.SendAsync(HttpMethod.Patch, $"/api/subscriptions/{item.GetProperty("id").GetGuid()}", fan,
                new { tier = "vip" });
            await Accounts.ProblemAsync(cancel, HttpStatusCode.Conflict);
        }
        using (var twice = await _pay.GiftAsync(gifter, gift, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(twice, HttpStatusCode.Conflict);

        // The badge: Chat's replica follows Payments' event, so the fan's messages carry the tier once it has arrived.
        await using var fanConnection = await ChatRooms.ConnectAsync(platform, fan);
        await fanConnection.InvokeAsync("JoinStream", live.StreamId);
        var badged = await Eventually.ValueAsync(
            () => fanConnection.InvokeAsync<JsonElement>("SendMessage", live.StreamId, "thanks for the sub"),
            sent => sent.GetProperty("ok").GetBoolean() && sent.GetProperty("value").GetProperty("subscriberTier").GetString() == "premium",
            TimeSpan.FromSeconds(20), every: TimeSpan.FromSeconds(1));
        Assert.Equal("premium", badged.GetProperty("value").GetProperty("subscriberTier").GetString());
        // The history is cached briefly at the gateway: it shows the tier once its copy is fresh.
        var tiers = await Eventually.ValueAsync(async () =>
        {
            var history = await _pay.Gateway.GetFromJsonAsync<JsonElement>($"/api/streams/{live.StreamId}/chat");
            return history.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("subscriberTier").GetString()).Distinct().ToList();
        }, t => t is ["premium"], TimeSpan.FromSeconds(20));
        Assert.Equal("premium", Assert.Single(tiers));
    }

    [Fact]
    public async Task Gift_subs_need_a_signed_in_sender_a_named_recipient_who_is_not_the_sender_or_the_owner()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        var gifter = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var fan = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var ok = new { channelSlug = slug, giftType = "sub_basic", quantity = 1, recipientUsername = fan.Username };

        using (var anonymous = await _pay.GiftAsync(null, ok, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        foreach (var (body, field) in new (object, string)[]
        {
            (new { channelSlug = slug, giftType = "sub_gold", quantity = 1, recipientUsername = fan.Username }, "giftType"),
            (new { channelSlug = slug, giftType = "sub_basic", quantity = 2, recipientUsername = fan.Username }, "quantity"),
            (new { channelSlug = slug, giftType = "sub_basic", quantity = 101 }, "quantity"),
        })
        {
            using var bad = await _pay.GiftAsync(gifter, body, Guid.NewGuid().ToString());
            Assert.True((await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        // Both users must have reached Payments before a gift to them is judged.
        await Eventually.ValueAsync(async () =>
        {
            using var response = await _pay.GiftAsync(gifter, ok, Guid.NewGuid().ToString());
            return response.StatusCode;
        }, status => status == HttpStatusCode.Created, TimeSpan.FromSeconds(15));
        foreach (var (sender, recipient) in new[] { (gifter, gifter.Username), (gifter, owner.Username) })
        {
            using var refused = await _pay.GiftAsync(sender, new { channelSlug = slug, giftType = "sub_vip", quantity = 1, recipientUsername = recipient },
                Guid.NewGuid().ToString());
            Assert.True((await Accounts.ProblemAsync(refused, HttpStatusCode.BadRequest)).GetProperty("errors")
                .TryGetProperty("recipientUsername", out _), recipient);
        }
    }
}
