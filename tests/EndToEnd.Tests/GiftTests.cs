using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class GiftTests(PlatformFixture platform) : IAsyncLifetime
{
    private readonly PaymentFlows _pay = new(platform);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await LedgerInvariants.AssertHoldAsync(_pay.PaymentsDb);
        _pay.Dispose();
    }

    [Fact]
    public async Task Three_rockets_for_a_viewer_are_paid_once_booked_once_and_shown_in_the_live_room()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        await using var live = await ChatRooms.OpenAsync(platform, _pay.Gateway, owner);
        var channelId = (await Channels.GetAsync(_pay.Gateway, live.Slug)).GetProperty("id").GetGuid();
        await _pay.WaitChannelKnownAsync(owner, live.Slug);
        var (room, alerts) = await PaymentFlows.WatchAlertsAsync(platform, live.StreamId);
        await using var watching = room;
        var sender = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var fan = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var key = Guid.NewGuid().ToString();
        var gift = new { channelSlug = live.Slug, giftType = "rocket", quantity = 3, recipientUsername = fan.Username, message = "to the moon" };

        // Payments learns of new users from Identity's events; until then the recipient is unknown.
        var first = await Eventually.ValueAsync(async () =>
        {
            using var response = await _pay.GiftAsync(sender, gift, key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, a => a.StatusCode != HttpStatusCode.NotFound, TimeSpan.FromSeconds(15));
        Assert.True(first.StatusCode == HttpStatusCode.Created, first.Body);
        var started = Started.From(JsonDocument.Parse(first.Body).RootElement);
        Assert.Equal(7500, JsonDocument.Parse(first.Body).RootElement.GetProperty("amountCents").GetInt64());

        using (var again = await _pay.GiftAsync(sender, gift, key))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(started.Id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        using (var other = await _pay.GiftAsync(sender, new { channelSlug = live.Slug, giftType = "rocket", quantity = 2 }, key))
            await Accounts.ProblemAsync(other, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(started));
        var received = await PaymentFlows.CollectAlertsAsync(alerts, 1, TimeSpan.FromSeconds(20));
        var alert = Assert.Single(received);
        Assert.Equal("gift", alert.GetProperty("type").GetString());
        Assert.Equal(sender.Username, alert.GetProperty("from").GetString());
        Assert.Equal("rocket", alert.GetProperty("tier").GetString());
        Assert.Equal(3, alert.GetProperty("count").GetInt32());
        Assert.Equal(7500, alert.GetProperty("amountCents").GetInt64());
        Assert.Equal("to the moon", alert.GetProperty("message").GetString());

        using (var read = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/gifts/{started.Id}", sender))
        {
            var view = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("completed", view.GetProperty("status").GetString());
            Assert.Equal(fan.Id, view.GetProperty("recipientId").GetGuid());
        }
        using (var foreign = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/gifts/{started.Id}", fan))
            await Accounts.ProblemAsync(foreign, HttpStatusCode.NotFound);
        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/gifts/{started.Id}"))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);

        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM gifts WHERE channel_id = @c", ("c", channelId)));
        Assert.Equal(1, await _pay.CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'AeThexLive.Contracts.Payments.GiftSent,%' AND payload->>'giftId' = @g",
            ("g", started.Id.ToString())));
        // 100 % to the creator less Stripe's fee: 7500 − (7500 × 29 + 500) / 1000 − 30 = 7252.
        Assert.Equal(7252, await _pay.CountAsync("SELECT pending_cents FROM channel_balances WHERE channel_id = @c", ("c", channelId)));
    }

    [Fact]
    public async Task Gifts_need_a_signed_in_sender_a_key_a_catalogue_item_and_real_recipients()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        var sender = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var ok = new { channelSlug = slug, giftType = "heart", quantity = 1 };

        using (var anonymous = await _pay.GiftAsync(null, ok, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var noKey = await _pay.GiftAsync(sender, ok, null))
            await Accounts.ProblemAsync(noKey, HttpStatusCode.BadRequest);
        foreach (var (body, field) in new (object, string)[]
        {
            (new { channelSlug = slug, giftType = "unicorn", quantity = 1 }, "giftType"),
            (new { channelSlug = slug, giftType = "heart", quantity = 0 }, "quantity"),
            (new { channelSlug = slug, giftType = "heart", quantity = 101 }, "quantity"),
            (new { channelSlug = slug, giftType = "heart" }, "quantity"),
            (new { giftType = "heart", quantity = 1 }, "channelSlug"),
        })
        {
            using var bad = await _pay.GiftAsync(sender, body, Guid.NewGuid().ToString());
            Assert.True((await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        using (var nobody = await _pay.GiftAsync(sender, new { channelSlug = slug, giftType = "star", quantity = 1, recipientUsername = "no_such_user_x" },
            Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(nobody, HttpStatusCode.NotFound);
        using (var valid = await _pay.GiftAsync(sender, ok, Guid.NewGuid().ToString()))
            Assert.Equal(HttpStatusCode.Created, valid.StatusCode);

        var catalogue = (await _pay.Gateway.GetFromJsonAsync<JsonElement>("/api/payments/config")).GetProperty("gifts").EnumerateArray()
            .ToDictionary(g => g.GetProperty("giftType").GetString()!, g => g.GetProperty("priceCents").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["heart"] = 100, ["star"] = 500, ["rocket"] = 2500 }, catalogue);
    }
}
