using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
[StopsServices]
public sealed class DonationTests(PlatformFixture platform) : IAsyncLifetime
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
    public async Task Fifty_identical_requests_with_one_key_make_one_donation_and_one_payment_intent()
    {
        var (_, slug) = await ChannelAsync();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var madeBefore = await _pay.PaymentIntentsMadeAsync();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await _pay.DonateAsync(donor, slug, new { amountCents = 500, currency = "usd", message = "GG" }, key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.Created, $"{(int)a.StatusCode} {a.Body}"));
        var ids = answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("id").GetGuid()).Distinct().ToList();
        var id = Assert.Single(ids);
        Assert.Single(answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("paymentIntentId").GetString()).Distinct());
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM donations WHERE donor_id = @d", ("d", donor.Id)));
        Assert.Equal(madeBefore + 1, await _pay.PaymentIntentsMadeAsync());

        using var otherAmount = await _pay.DonateAsync(donor, slug, new { amountCents = 700, currency = "usd", message = "GG" }, key);
        var problem = await Accounts.ProblemAsync(otherAmount, HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("/idempotency-key-reused", problem.GetProperty("type").GetString());

        using var read = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/donations/{id}", donor);
        var donation = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", donation.GetProperty("status").GetString());
        Assert.Equal(500, donation.GetProperty("amountCents").GetInt64());
    }

    [Fact]
    public async Task A_stalled_Stripe_answers_504_leaves_the_donation_pending_and_a_retry_makes_one_payment_intent()
    {
        var (_, slug) = await ChannelAsync();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var madeBefore = await _pay.PaymentIntentsMadeAsync();
        var stall = PlatformFixture.StripeTimeout * 2;
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/faults",
            new { count = 1, stallMs = (int)stall.TotalMilliseconds, method = "POST", path = "/v1/payment_intents" });
        var key = Guid.NewGuid().ToString();
        var body = new { amountCents = 1500, currency = "eur" };

        using var stalled = await _pay.DonateAsync(donor, slug, body, key);
        Assert.True(stalled.StatusCode is HttpStatusCode.GatewayTimeout or HttpStatusCode.ServiceUnavailable,
            $"{(int)stalled.StatusCode} {await stalled.Content.ReadAsStringAsync()}");
        var problem = await Accounts.ProblemAsync(stalled, stalled.StatusCode);
        var donationId = problem.GetProperty("donationId").GetGuid();
        Assert.Equal("pending", await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb,
            "SELECT status FROM donations WHERE id = @id", ("id", donationId)));

        // The client retries with the same key until it gets its answer (Stripe may still be busy with the first call).
        var answer = await Eventually.ValueAsync(async () =>
        {
            using var retry = await _pay.DonateAsync(donor, slug, body, key);
            return (retry.StatusCode, Body: await retry.Content.ReadAsStringAsync());
        }, a => a.StatusCode == HttpStatusCode.Created, stall * 4, TimeSpan.FromMilliseconds(500));
        Assert.True(answer.StatusCode == HttpStatusCode.Created, answer.Body);
        var started = Started.From(JsonDocument.Parse(answer.Body).RootElement);
        Assert.Equal(donationId, started.Id);
        await Task.Delay(stall);
        Assert.Equal(madeBefore + 1, await _pay.PaymentIntentsMadeAsync());
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM donations WHERE donor_id = @d", ("d", donor.Id)));

        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(started));
        var channelId = (await Channels.GetAsync(_pay.Gateway, slug)).GetProperty("id").GetGuid();
        Assert.True(await _pay.DonationsCompletedAsync(channelId, 1, TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Hundred_donations_delivered_ten_times_shuffled_with_stale_failures_complete_and_alert_once_each()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        await using var live = await ChatRooms.OpenAsync(platform, _pay.Gateway, owner);
        var channelId = (await Channels.GetAsync(_pay.Gateway, live.Slug)).GetProperty("id").GetGuid();
        await _pay.WaitChannelKnownAsync(owner, live.Slug);
        var (room, alerts) = await PaymentFlows.WatchAlertsAsync(platform, live.StreamId);
        await using var watching = room;
        var donors = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Accounts.RegisterAndLoginAsync(_pay.Gateway)));

        await _pay.DeliveryModeAsync(new { copies = 10, hold = true });
        using var gate = new SemaphoreSlim(8);
        var payments = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var started = await _pay.StartDonationAsync(donors[i % donors.Length], live.Slug, 100 + i, $"#{i}");
                // Every fifth donor's card is declined first: its payment_failed is stale once the second card pays.
                if (i % 5 == 0) Assert.Equal(HttpStatusCode.PaymentRequired, await _pay.ConfirmAsync(started, "pm_card_visa_chargeDeclined"));
                Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(started));
                return started;
            }
            finally
            {
                gate.Release();
            }
        }));
        await _pay.DeliveryModeAsync(new { });
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/release", new { shuffle = true, seed = 13 });

        Assert.True(await _pay.DonationsCompletedAsync(channelId, 100, TimeSpan.FromSeconds(90)), "not every donation completed");
        var received = await PaymentFlows.CollectAlertsAsync(alerts, 100, TimeSpan.FromSeconds(30));
        var donationAlerts = received.Where(a => a.GetProperty("type").GetString() == "donation").ToList();
        Assert.Equal(100, donationAlerts.Count);
        Assert.Equal(payments.Select((_, i) => 100L + i).Order(), donationAlerts.Select(a => a.GetProperty("amountCents").GetInt64()).Order());

        Assert.Equal(100, await _pay.CountAsync("SELECT count(*) FROM donations WHERE channel_id = @c AND status = 'completed'", ("c", channelId)));
        Assert.Equal(100, await _pay.CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'AeThexLive.Contracts.Payments.DonationCompleted,%'"
            + " AND payload->>'channelId' = @c",
            ("c", channelId.ToString())));
        Assert.Equal(100, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE channel_id = @c AND kind = 'donation'", ("c", channelId)));
        var grossCents = Enumerable.Range(0, 100).Sum(i => 100L + i);
        var feeCents = Enumerable.Range(0, 100).Sum(i => ((100L + i) * 29 + 500) / 1000 + 30);
        Assert.Equal(grossCents - feeCents, await _pay.CountAsync("SELECT pending_cents FROM channel_balances WHERE channel_id = @c", ("c", channelId)));

        using var revenue = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{live.Slug}/revenue", owner);
        var usd = (await revenue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currencies").EnumerateArray()
            .Single(c => c.GetProperty("currency").GetString() == "USD");
        Assert.Equal(grossCents, usd.GetProperty("grossCents").GetInt64());
        Assert.Equal(feeCents, usd.GetProperty("feeCents").GetInt64());
        Assert.Equal(grossCents - feeCents, usd.GetProperty("creatorShareCents").GetInt64());
        Assert.Equal(grossCents - feeCents, usd.GetProperty("pendingCents").GetInt64());
    }

    [Fact]
    public async Task Dropped_webhooks_are_healed_by_the_reconciler()
    {
        var (_, slug) = await ChannelAsync();
        var channelId = (await Channels.GetAsync(_pay.Gateway, slug)).GetProperty("id").GetGuid();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        await _pay.DeliveryModeAsync(new { drop = true });
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(await _pay.StartDonationAsync(donor, slug, 300)));
        await _pay.DeliveryModeAsync(new { });

        Assert.True(await _pay.DonationsCompletedAsync(channelId, 3, PlatformFixture.ReconcilerGrace + TimeSpan.FromSeconds(30)));
        Assert.Equal(3, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE channel_id = @c", ("c", channelId)));
    }

    [Fact]
    public async Task With_RabbitMQ_stopped_twenty_donations_complete_and_their_alerts_arrive_once_after_it_returns()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        await using var live = await ChatRooms.OpenAsync(platform, _pay.Gateway, owner);
        var channelId = (await Channels.GetAsync(_pay.Gateway, live.Slug)).GetProperty("id").GetGuid();
        await _pay.WaitChannelKnownAsync(owner, live.Slug);
        var (room, alerts) = await PaymentFlows.WatchAlertsAsync(platform, live.StreamId);
        await using var watching = room;
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var payments = new List<Started>();
        for (var i = 0; i < 20; i++) payments.Add(await _pay.StartDonationAsync(donor, live.Slug, 200 + i));

        await platform.CommandAsync("rabbitmq", "resource-stop");
        try
        {
            foreach (var payment in payments) Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(payment));
            Assert.True(await _pay.DonationsCompletedAsync(channelId, 20, TimeSpan.FromSeconds(30)), "donations did not complete without RabbitMQ");
        }
        finally
        {
            await platform.CommandAsync("rabbitmq", "resource-start");
        }

        var received = await PaymentFlows.CollectAlertsAsync(alerts, 20, TimeSpan.FromSeconds(90));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 200L + i), received.Select(a => a.GetProperty("amountCents").GetInt64()).Order());
    }

    [Fact]
    public async Task Payments_stopped_in_a_burst_of_webhooks_ends_with_each_donation_booked_once()
    {
        var (_, slug) = await ChannelAsync();
        var channelId = (await Channels.GetAsync(_pay.Gateway, slug)).GetProperty("id").GetGuid();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var payments = new List<Started>();
        for (var i = 0; i < 30; i++) payments.Add(await _pay.StartDonationAsync(donor, slug, 400 + i));

        await _pay.DeliveryModeAsync(new { copies = 3, hold = true });
        foreach (var payment in payments) Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(payment));
        await _pay.DeliveryModeAsync(new { });
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/release", new { shuffle = true, seed = 5 });
        await Task.Delay(150);
        await platform.CommandAsync("payments", "resource-stop");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await platform.CommandAsync("payments", "resource-start");
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("payments").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(await _pay.DonationsCompletedAsync(channelId, 30, TimeSpan.FromSeconds(90)), "not every donation completed");
        Assert.Equal(30, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE channel_id = @c", ("c", channelId)));
        Assert.Equal(30, await _pay.CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'AeThexLive.Contracts.Payments.DonationCompleted,%'"
            + " AND payload->>'channelId' = @c",
            ("c", channelId.ToString())));
        var gross = Enumerable.Range(0, 30).Sum(i => 400L + i);
        var fees = Enumerable.Range(0, 30).Sum(i => ((400L + i) * 29 + 500) / 1000 + 30);
        Assert.Equal(gross - fees, await _pay.CountAsync("SELECT pending_cents FROM channel_balances WHERE channel_id = @c", ("c", channelId)));
    }

    [Fact]
    public async Task Donating_needs_a_signed_in_unbanned_user_a_key_and_sane_amounts_and_a_donation_is_only_its_donors()
    {
        var (owner, slug) = await ChannelAsync();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var stranger = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var admin = await platform.AdminAsync();
        var ok = new { amountCents = 500, currency = "usd" };

        using (var anonymous = await _pay.DonateAsync(null, slug, ok, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var noKey = await _pay.DonateAsync(donor, slug, ok, null))
            Assert.True((await Accounts.ProblemAsync(noKey, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        foreach (var (body, field) in new (object, string)[]
        {
            (new { amountCents = 99, currency = "usd" }, "amountCents"),
            (new { amountCents = 1_000_001, currency = "usd" }, "amountCents"),
            (new { currency = "usd" }, "amountCents"),
            (new { amountCents = 500, currency = "jpy" }, "currency"),
            (new { amountCents = 500, currency = "usd", message = new string('x', 501) }, "message"),
            (new { amountCents = 500, currency = "usd", streamId = Guid.NewGuid() }, "streamId"),
        })
        {
            using var bad = await _pay.DonateAsync(donor, slug, body, Guid.NewGuid().ToString());
            Assert.True((await Accounts.ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        using (var nowhere = await _pay.DonateAsync(donor, "no-such-channel", ok, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(nowhere, HttpStatusCode.NotFound);

        // The owner and the admin may donate like anyone; the donation is then theirs alone to read.
        var started = await _pay.StartDonationAsync(donor, slug, 500);
        await _pay.StartDonationAsync(owner, slug, 500);
        await _pay.StartDonationAsync(admin, slug, 500);
        using (var anonymousRead = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/donations/{started.Id}"))
            await Accounts.ProblemAsync(anonymousRead, HttpStatusCode.Unauthorized);
        foreach (var other in new[] { stranger, owner })
        {
            using var foreign = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/donations/{started.Id}", other);
            await Accounts.ProblemAsync(foreign, HttpStatusCode.NotFound);
        }
        using (var mine = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/donations/{started.Id}", donor))
            Assert.Equal(started.ClientSecret, (await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString());
        using (var audit = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/donations/{started.Id}", admin))
            Assert.Equal(HttpStatusCode.OK, audit.StatusCode);

        // Banned in the channel's chat: no donations there until the ban is lifted.
        // Chat learns of the channel and the donor from events too: the ban goes through once it has.
        var banned = await Eventually.ValueAsync(async () =>
        {
            using var ban = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/bans", owner, new { username = donor.Username });
            return ban.StatusCode;
        }, s => s == HttpStatusCode.Created, TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Created, banned);
        var refused = await Eventually.ValueAsync(async () =>
        {
            using var attempt = await _pay.DonateAsync(donor, slug, ok, Guid.NewGuid().ToString());
            return attempt.StatusCode;
        }, s => s == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        // Every purchase in the channel is refused alike: a gift (whose unknown stream is still a 400 first) and a subscription.
        using (var giftToUnknownStream = await _pay.GiftAsync(donor,
                   new { channelSlug = slug, giftType = "heart", quantity = 1, streamId = Guid.NewGuid() }, Guid.NewGuid().ToString()))
            Assert.True((await Accounts.ProblemAsync(giftToUnknownStream, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("streamId", out _));
        using (var gift = await _pay.GiftAsync(donor, new { channelSlug = slug, giftType = "heart", quantity = 1 }, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(gift, HttpStatusCode.Forbidden);
        using (var subscription = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", donor, new { tier = "basic" }))
            await Accounts.ProblemAsync(subscription, HttpStatusCode.Forbidden);
        using (var lift = await _pay.Gateway.SendAsync(HttpMethod.Delete, $"/api/channels/{slug}/bans/{donor.Username}", owner))
            Assert.Equal(HttpStatusCode.NoContent, lift.StatusCode);
        var allowed = await Eventually.ValueAsync(async () =>
        {
            using var attempt = await _pay.DonateAsync(donor, slug, ok, Guid.NewGuid().ToString());
            return attempt.StatusCode;
        }, s => s == HttpStatusCode.Created, TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.Created, allowed);
    }

    [Fact]
    public async Task Revenue_is_the_owners_and_admins_and_only_admins_set_a_channels_share()
    {
        var (owner, slug) = await ChannelAsync();
        var stranger = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var admin = await platform.AdminAsync();
        var channelId = (await Channels.GetAsync(_pay.Gateway, slug)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(await _pay.StartDonationAsync(stranger, slug, 500)));
        Assert.True(await _pay.DonationsCompletedAsync(channelId, 1, TimeSpan.FromSeconds(20)));

        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/revenue"))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var other = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/revenue", stranger))
            await Accounts.ProblemAsync(other, HttpStatusCode.Forbidden);
        foreach (var reader in new[] { owner, admin })
        {
            using var response = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/revenue", reader);
            var usd = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currencies").EnumerateArray().Single();
            Assert.Equal(500, usd.GetProperty("grossCents").GetInt64());
            Assert.Equal(45, usd.GetProperty("feeCents").GetInt64());
            Assert.Equal(455, usd.GetProperty("creatorShareCents").GetInt64());
            Assert.Equal(455, usd.GetProperty("pendingCents").GetInt64());
            Assert.Equal(0, usd.GetProperty("availableCents").GetInt64());
        }
        using (var future = await _pay.Gateway.SendAsync(HttpMethod.Get,
            $"/api/channels/{slug}/revenue?from={DateTime.UtcNow.AddDays(1):O}", owner))
            Assert.Equal(0, (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currencies").EnumerateArray()
                .Single().GetProperty("grossCents").GetInt64());
        using (var backwards = await _pay.Gateway.SendAsync(HttpMethod.Get,
            $"/api/channels/{slug}/revenue?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", owner))
            await Accounts.ProblemAsync(backwards, HttpStatusCode.BadRequest);

        var share = new { creatorShareBasisPoints = 6000 };
        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/revenue-shares/subscription", null, share))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var byOwner = await _pay.Gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/revenue-shares/subscription", owner, share))
            await Accounts.ProblemAsync(byOwner, HttpStatusCode.Forbidden);
        using (var badKind = await _pay.Gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/revenue-shares/tips", admin, share))
            await Accounts.ProblemAsync(badKind, HttpStatusCode.BadRequest);
        using (var tooMuch = await _pay.Gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/revenue-shares/gift", admin,
            new { creatorShareBasisPoints = 10_001 }))
            await Accounts.ProblemAsync(tooMuch, HttpStatusCode.BadRequest);
        using (var set = await _pay.Gateway.SendAsync(HttpMethod.Put, $"/api/channels/{slug}/revenue-shares/subscription", admin, share))
            Assert.Equal(6000, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creatorShareBasisPoints").GetInt32());
    }

    private async Task<(Account Owner, string Slug)> ChannelAsync()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        return (owner, slug);
    }
}
