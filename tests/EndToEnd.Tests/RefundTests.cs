using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Refunds and disputes through the gateway and the sandbox: reversals linked to the payment, once per refund or dispute.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RefundTests(PlatformFixture platform) : IAsyncLifetime
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
    public async Task A_full_refund_returns_the_creators_balance_to_its_value_before_the_payment_and_only_admins_refund()
    {
        var (owner, channelId, slug) = await ChannelAsync();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var admin = await platform.AdminAsync();
        Assert.Equal(0, await BalanceAsync(channelId));
        var donation = await PaidDonationAsync(donor, slug, channelId, 2500);
        Assert.Equal(2500 - 103, await BalanceAsync(channelId));
        var body = new { kind = "donation", id = donation };

        using (var anonymous = await RefundAsync(null, body, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var donorTries = await RefundAsync(donor, body, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(donorTries, HttpStatusCode.Forbidden);
        using (var ownerTries = await RefundAsync(owner, body, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(ownerTries, HttpStatusCode.Forbidden);
        using (var noKey = await RefundAsync(admin, body, null))
            await Accounts.ProblemAsync(noKey, HttpStatusCode.BadRequest);
        using (var badKind = await RefundAsync(admin, new { kind = "tip", id = donation }, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(badKind, HttpStatusCode.BadRequest);
        using (var unknown = await RefundAsync(admin, new { kind = "donation", id = Guid.NewGuid() }, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(unknown, HttpStatusCode.NotFound);
        using (var negative = await RefundAsync(admin, new { kind = "donation", id = donation, amountCents = 0 }, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(negative, HttpStatusCode.BadRequest);
        using (var tooMuch = await RefundAsync(admin, new { kind = "donation", id = donation, amountCents = 2501 }, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(tooMuch, HttpStatusCode.Conflict);
        Assert.Equal(2500 - 103, await BalanceAsync(channelId));

        // Every event about the refund (charge.refunded, refund.created) arrives three times, and the request is retried.
        await _pay.DeliveryModeAsync(new { copies = 3 });
        var key = Guid.NewGuid().ToString();
        var refund = await RefundedAsync(admin, body, key);
        Assert.Equal(2500, refund.GetProperty("amountCents").GetInt64());
        var replay = await RefundedAsync(admin, body, key);
        Assert.Equal(refund.GetProperty("refundId").GetString(), replay.GetProperty("refundId").GetString());
        using (var otherAmount = await RefundAsync(admin, new { kind = "donation", id = donation, amountCents = 5 }, key))
            await Accounts.ProblemAsync(otherAmount, HttpStatusCode.UnprocessableEntity);
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/wait", new { timeoutMs = 15_000 });
        await _pay.DeliveryModeAsync(new { });

        Assert.Equal(0, await BalanceAsync(channelId));
        Assert.Equal(1, await ReversalsAsync(donation, "refund"));
        // The creator's list of who to thank still has the donation, saying it went back.
        Assert.Equal(2500, await RefundedCentsAsync(owner, slug, donation));
        using (var revenue = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/revenue", owner))
        {
            var usd = (await revenue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currencies").EnumerateArray()
                .Single(c => c.GetProperty("currency").GetString() == "USD");
            var refunds = usd.GetProperty("byKind").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "refund");
            Assert.Equal(-2500, refunds.GetProperty("grossCents").GetInt64());
            Assert.Equal(-(2500 - 103), refunds.GetProperty("creatorShareCents").GetInt64());
            // The channel kept nothing of the donation; Stripe kept its fee, which the platform bears.
            Assert.Equal(0, usd.GetProperty("grossCents").GetInt64());
            Assert.Equal(0, usd.GetProperty("creatorShareCents").GetInt64());
            Assert.Equal(103, usd.GetProperty("feeCents").GetInt64());
        }
        using (var again = await RefundAsync(admin, body, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Three_partial_refunds_post_three_reversals_and_a_subscription_payment_can_be_refunded_too()
    {
        var (owner, channelId, slug) = await ChannelAsync();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var admin = await platform.AdminAsync();
        var donation = await PaidDonationAsync(donor, slug, channelId, 3000);
        Assert.Equal(0, await RefundedCentsAsync(owner, slug, donation));
        var share = 3000 - 117;

        // The refunds' events are held, doubled and delivered shuffled after all three were booked by the requests.
        await _pay.DeliveryModeAsync(new { copies = 2, hold = true });
        for (var i = 0; i < 3; i++)
        {
            await RefundedAsync(admin, new { kind = "donation", id = donation, amountCents = 1000, reason = "requested_by_customer" },
                Guid.NewGuid().ToString());
        }
        await _pay.DeliveryModeAsync(new { });
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/release", new { shuffle = true, seed = 7 });
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/wait", new { timeoutMs = 15_000 });
        Assert.Equal(3, await ReversalsAsync(donation, "refund"));
        // A third of the share each time, rounded down cumulatively, so the three give back exactly the share.
        Assert.Equal(share, await _pay.CountAsync("""
            SELECT sum(e.amount_cents) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE t.source_id = @d AND t.kind = 'refund' AND e.account = 'creator_available'
            """, ("d", donation)));
        Assert.Equal(0, await BalanceAsync(channelId));
        Assert.Equal(3000, await RefundedCentsAsync(owner, slug, donation));
        using (var beyond = await RefundAsync(admin, new { kind = "donation", id = donation, amountCents = 1 }, Guid.NewGuid().ToString()))
            await Accounts.ProblemAsync(beyond, HttpStatusCode.Conflict);

        var fan = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        using var subscribed = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", fan, new { tier = "basic" });
        var subscription = await subscribed.Content.ReadFromJsonAsync<JsonElement>();
        var subscriptionId = subscription.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, await _pay.PayFirstInvoiceAsync(subscription.GetProperty("clientSecret").GetString()!));
        Assert.True(await Eventually.HoldsAsync(async () => await _pay.CountAsync(
            "SELECT count(*) FROM ledger_transactions WHERE source_id = @s AND kind = 'subscription'", ("s", subscriptionId)) == 1,
            TimeSpan.FromSeconds(15)));
        var refund = await RefundedAsync(admin, new { kind = "subscription", id = subscriptionId, amountCents = 100 }, Guid.NewGuid().ToString());
        Assert.Equal(100, refund.GetProperty("amountCents").GetInt64());
        Assert.Equal(1, await ReversalsAsync(subscriptionId, "refund"));
        // 249 of 499 was the creator's: 100 of it refunded takes back 249 × 100 / 499 = 49 (rounded down).
        Assert.Equal(49, await _pay.CountAsync("""
            SELECT sum(e.amount_cents) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE t.source_id = @s AND t.kind = 'refund' AND e.account = 'creator_available'
            """, ("s", subscriptionId)));
    }

    [Fact]
    public async Task A_dispute_takes_the_share_back_leaving_available_negative_and_gives_it_back_only_if_won()
    {
        var (owner, channelId, slug) = await ChannelAsync();
        var donor = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var donation = await PaidDonationAsync(donor, slug, channelId, 2000);
        var chargeId = await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb,
            "SELECT charge_id FROM ledger_transactions WHERE source_id = @d AND kind = 'donation'", ("d", donation));

        var dispute = await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/charges/{chargeId}/dispute", new { reason = "fraudulent" });
        Assert.True(await Eventually.HoldsAsync(async () => await ReversalsAsync(donation, "dispute") == 1, TimeSpan.FromSeconds(15)));
        // Still on hold, the share is pending; the chargeback takes it from what is available, which goes negative.
        Assert.Equal(-(2000 - 88), await _pay.CountAsync("SELECT available_cents FROM channel_balances WHERE channel_id = @c", ("c", channelId)));
        Assert.Equal(0, await BalanceAsync(channelId));
        Assert.Equal(2000, await RefundedCentsAsync(owner, slug, donation));

        await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/disputes/{dispute.GetProperty("id").GetString()}/close", new { outcome = "won" });
        Assert.True(await Eventually.HoldsAsync(async () => await ReversalsAsync(donation, "dispute") == 2, TimeSpan.FromSeconds(15)));
        Assert.Equal(2000 - 88, await BalanceAsync(channelId));
        Assert.Equal(0, await _pay.CountAsync("SELECT available_cents FROM channel_balances WHERE channel_id = @c", ("c", channelId)));
        Assert.Equal(0, await RefundedCentsAsync(owner, slug, donation));

        // A lost dispute keeps the money with the cardholder: its one withdrawal stands, nothing comes back.
        var lostDonation = await PaidDonationAsync(donor, slug, channelId, 1000, completedBefore: 1);
        var lostCharge = await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb,
            "SELECT charge_id FROM ledger_transactions WHERE source_id = @d AND kind = 'donation'", ("d", lostDonation));
        var lost = await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/charges/{lostCharge}/dispute", new { reason = "fraudulent" });
        await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/disputes/{lost.GetProperty("id").GetString()}/close", new { outcome = "lost" });
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/wait", new { timeoutMs = 15_000 });
        Assert.True(await Eventually.HoldsAsync(async () => await ReversalsAsync(lostDonation, "dispute") == 1, TimeSpan.FromSeconds(15)));
        Assert.Equal(2000 - 88, await BalanceAsync(channelId));
        Assert.Equal(-(1000 - 59), await _pay.CountAsync("SELECT available_cents FROM channel_balances WHERE channel_id = @c", ("c", channelId)));
        Assert.Equal(1000, await RefundedCentsAsync(owner, slug, lostDonation));
    }

    private async Task<(Account Owner, Guid ChannelId, string Slug)> ChannelAsync()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        var channelId = await DatabaseInspection.ScalarAsync<Guid>(_pay.PaymentsDb, "SELECT channel_id FROM channel_replicas WHERE slug = @s",
            ("s", slug));
        return (owner, channelId, slug);
    }

    private async Task<Guid> PaidDonationAsync(Account donor, string slug, Guid channelId, long amountCents, int completedBefore = 0)
    {
        var started = await _pay.StartDonationAsync(donor, slug, amountCents);
        Assert.Equal(HttpStatusCode.OK, await _pay.ConfirmAsync(started));
        Assert.True(await _pay.DonationsCompletedAsync(channelId, completedBefore + 1, TimeSpan.FromSeconds(15)), "the donation never completed");
        return started.Id;
    }

    private Task<HttpResponseMessage> RefundAsync(Account? user, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/refunds") { Content = JsonContent.Create(body) };
        if (user is not null) request.Headers.Authorization = user.Bearer;
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return _pay.Gateway.SendAsync(request);
    }

    private async Task<JsonElement> RefundedAsync(Account admin, object body, string key)
    {
        using var response = await RefundAsync(admin, body, key);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>What the channel's donation list, as its owner reads it, says was refunded or disputed of a donation.</summary>
    private async Task<long> RefundedCentsAsync(Account owner, string slug, Guid donation)
    {
        using var response = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/donations", owner);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
        return items.Single(i => i.GetProperty("id").GetGuid() == donation).GetProperty("refundedCents").GetInt64();
    }

    /// <summary>The creator's whole balance (pending and available) in the channel.</summary>
    private async Task<long> BalanceAsync(Guid channelId) => await _pay.CountAsync(
        "SELECT coalesce(sum(pending_cents + available_cents), 0) FROM channel_balances WHERE channel_id = @c", ("c", channelId)) ?? 0;

    private Task<long?> ReversalsAsync(Guid sourceId, string kind) => _pay.CountAsync(
        "SELECT count(*) FROM ledger_transactions WHERE source_id = @s AND kind = @k", ("s", sourceId), ("k", kind));
}
