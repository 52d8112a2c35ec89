using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>
/// Creator payouts through the gateway and the sandbox's Stripe Connect. Subscription shares are released at once here
/// (HoldByKind:subscription=0) and the minimum is $3, so two basic subscriptions (2 × 249) make a payable balance.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PayoutTests(PlatformFixture platform) : IAsyncLifetime
{
    private const long Share = 249;
    private readonly PaymentFlows _pay = new(platform);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task InitializeAsync() =>
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/balance/topup", new { amount = 1_000_000, currency = "usd" });

    public async Task DisposeAsync()
    {
        await _pay.DeliveryModeAsync(new { });
        await LedgerInvariants.AssertHoldAsync(_pay.PaymentsDb);
        _pay.Dispose();
    }

    [Fact]
    public async Task Overlapping_runs_pay_each_creator_once_and_a_creator_below_the_minimum_is_paid_once_above_it()
    {
        var (rich, richChannel, richSlug) = await CreatorAsync();
        var (poor, poorChannel, poorSlug) = await CreatorAsync();
        var admin = await platform.AdminAsync();
        await SubscribersAsync(richSlug, richChannel, 2);
        await SubscribersAsync(poorSlug, poorChannel, 1);
        Assert.Equal(2 * Share, await AvailableAsync(richChannel));

        // Three runs at once, two of them for the same period: the rich creator is paid once, all of it.
        var runs = await Task.WhenAll(
            RunAsync(admin, Today.AddDays(-3)), RunAsync(admin, Today.AddDays(-3)), RunAsync(admin, Today.AddDays(-2)));
        Assert.All(runs, r => Assert.Equal(HttpStatusCode.OK, r));
        Assert.Equal(2 * Share, await TransferredAsync(rich));
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM payouts WHERE channel_id = @c", ("c", richChannel)));
        Assert.Equal(0, await AvailableAsync(richChannel));
        var richPayouts = await PayoutsAsync(rich);
        Assert.Equal(2 * Share, Assert.Single(richPayouts).GetProperty("amountCents").GetInt64());
        Assert.Equal("pending", richPayouts[0].GetProperty("status").GetString());

        // Below the minimum: nothing, and the balance rolls over; a later run pays it once it is above.
        Assert.Equal(0, await TransferredAsync(poor));
        Assert.Equal(Share, await AvailableAsync(poorChannel));
        Assert.Empty(await PayoutsAsync(poor));
        await SubscribersAsync(poorSlug, poorChannel, 1);
        Assert.Equal(HttpStatusCode.OK, await RunAsync(admin, Today.AddDays(-1)));
        Assert.Equal(2 * Share, await TransferredAsync(poor));
        Assert.Equal(0, await AvailableAsync(poorChannel));
        Assert.Equal(2 * Share, await TransferredAsync(rich));

        // The bank payout arrives: the row says paid.
        var bankPayout = await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb,
            "SELECT stripe_payout_id FROM payouts WHERE channel_id = @c", ("c", poorChannel));
        await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/payouts/{bankPayout}/paid");
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await PayoutsAsync(poor)).Single().GetProperty("status").GetString() == "paid", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_failed_payout_restores_the_balance_once_and_a_dispute_after_a_payout_is_netted_from_the_next()
    {
        var (creator, channelId, slug) = await CreatorAsync();
        var admin = await platform.AdminAsync();
        var subscriptions = await SubscribersAsync(slug, channelId, 2);
        Assert.Equal(HttpStatusCode.OK, await RunAsync(admin, Today.AddDays(-3)));
        Assert.Equal(0, await AvailableAsync(channelId));

        // The bank refuses it; every event about it comes three times. The money is back once, the transfer taken back.
        await _pay.DeliveryModeAsync(new { copies = 3 });
        var failing = await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb,
            "SELECT stripe_payout_id FROM payouts WHERE channel_id = @c", ("c", channelId));
        await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/payouts/{failing}/failed", new { failureCode = "account_closed" });
        await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/wait", new { timeoutMs = 15_000 });
        await _pay.DeliveryModeAsync(new { });
        Assert.True(await Eventually.HoldsAsync(async () => await AvailableAsync(channelId) == 2 * Share, TimeSpan.FromSeconds(15)));
        var failed = Assert.Single(await PayoutsAsync(creator));
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("account_closed", failed.GetProperty("failureCode").GetString());
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE kind = 'payout_failure' AND channel_id = @c",
            ("c", channelId)));
        Assert.Equal(0, await TransferredAsync(creator));

        // The next period pays the restored balance.
        Assert.Equal(HttpStatusCode.OK, await RunAsync(admin, Today.AddDays(-2)));
        Assert.Equal(2 * Share, await TransferredAsync(creator));
        Assert.Equal(0, await AvailableAsync(channelId));

        // A chargeback of one paid subscription after the payout: the creator's share is taken back, leaving a debt.
        var chargeId = await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb,
            "SELECT charge_id FROM ledger_transactions WHERE source_id = @s AND kind = 'subscription'", ("s", subscriptions[0]));
        await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/charges/{chargeId}/dispute", new { reason = "fraudulent" });
        Assert.True(await Eventually.HoldsAsync(async () => await AvailableAsync(channelId) == -Share, TimeSpan.FromSeconds(15)));

        // Two more subscriptions (498) less the debt (249) is below the minimum; a third makes 498, which is paid.
        await SubscribersAsync(slug, channelId, 2);
        Assert.Equal(HttpStatusCode.OK, await RunAsync(admin, Today.AddDays(-1)));
        Assert.Equal(2 * Share, await TransferredAsync(creator));
        Assert.Equal(Share, await AvailableAsync(channelId));
        await SubscribersAsync(slug, channelId, 1);
        Assert.Equal(HttpStatusCode.OK, await RunAsync(admin, Today));
        Assert.Equal(4 * Share, await TransferredAsync(creator));
        Assert.Equal(0, await AvailableAsync(channelId));
        var payouts = await PayoutsAsync(creator);
        Assert.Equal([2 * Share, 2 * Share, 2 * Share], payouts.Select(p => p.GetProperty("amountCents").GetInt64()));
        Assert.Equal(Today.ToString("yyyy-MM-dd"), payouts[0].GetProperty("periodEnd").GetString());
    }

    [Fact]
    public async Task Only_admins_run_payouts_and_creators_see_only_their_own_account_and_payouts()
    {
        var admin = await platform.AdminAsync();
        var viewer = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var run = new { periodEnd = Today.ToString("yyyy-MM-dd") };

        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/admin/payouts/run", null, run))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var notAdmin = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/admin/payouts/run", viewer, run))
            await Accounts.ProblemAsync(notAdmin, HttpStatusCode.Forbidden);
        foreach (var bad in new object[] { new { periodEnd = Today.AddDays(1).ToString("yyyy-MM-dd") }, new { periodEnd = "28/11/2026" }, new { } })
        {
            using var refused = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/admin/payouts/run", admin, bad);
            var problem = await Accounts.ProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("periodEnd", out _));
        }

        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/users/me/payout-account"))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/payouts"))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var noChannel = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/users/me/payout-account", viewer))
            await Accounts.ProblemAsync(noChannel, HttpStatusCode.Conflict);
        using (var none = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/payout-account", viewer))
            await Accounts.ProblemAsync(none, HttpStatusCode.NotFound);
        using (var badLimit = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/payouts?limit=0", viewer))
            await Accounts.ProblemAsync(badLimit, HttpStatusCode.BadRequest);

        // A creator connects twice: one account; someone else sees neither it nor the creator's payouts.
        var (creator, channelId, slug) = await CreatorAsync();
        using (var again = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/users/me/payout-account", creator))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(await AccountIdAsync(creator),
                (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("stripeAccountId").GetString());
        }
        await SubscribersAsync(slug, channelId, 2);
        Assert.Equal(HttpStatusCode.OK, await RunAsync(admin, Today));
        Assert.Single(await PayoutsAsync(creator));
        Assert.Empty(await PayoutsAsync(viewer));
    }

    /// <summary>A channel owner whose payout account is onboarded (through the link, as their browser would) and enabled.</summary>
    private async Task<(Account Owner, Guid ChannelId, string Slug)> CreatorAsync()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        var channelId = await DatabaseInspection.ScalarAsync<Guid>(_pay.PaymentsDb, "SELECT channel_id FROM channel_replicas WHERE slug = @s",
            ("s", slug));

        using var connected = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/users/me/payout-account", owner);
        var body = await connected.Content.ReadAsStringAsync();
        Assert.True(connected.StatusCode == HttpStatusCode.OK, $"{(int)connected.StatusCode} {body}");
        var onboarding = JsonDocument.Parse(body).RootElement;
        Assert.False(onboarding.GetProperty("account").GetProperty("payoutsEnabled").GetBoolean());
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        using (var followed = await browser.GetAsync(onboarding.GetProperty("onboardingUrl").GetString()))
        {
            Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        }
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var status = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/payout-account", owner);
            return status.StatusCode == HttpStatusCode.OK
                && (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payoutsEnabled").GetBoolean();
        }, TimeSpan.FromSeconds(15)), "account.updated never enabled the creator's payouts");
        return (owner, channelId, slug);
    }

    /// <summary>New fans each subscribe (basic) and pay; waits until their shares are available to pay out.</summary>
    private async Task<List<Guid>> SubscribersAsync(string slug, Guid channelId, int count)
    {
        var before = await AvailableAsync(channelId);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var fan = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
            using var subscribed = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", fan, new { tier = "basic" });
            var subscription = await subscribed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, await _pay.PayFirstInvoiceAsync(subscription.GetProperty("clientSecret").GetString()!));
            ids.Add(subscription.GetProperty("id").GetGuid());
        }
        Assert.True(await Eventually.HoldsAsync(async () => await AvailableAsync(channelId) == before + count * Share, TimeSpan.FromSeconds(20)),
            "the subscriptions' shares never became available");
        return ids;
    }

    private async Task<HttpStatusCode> RunAsync(Account admin, DateOnly periodEnd)
    {
        using var response = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/admin/payouts/run", admin,
            new { periodEnd = periodEnd.ToString("yyyy-MM-dd") });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    private async Task<List<JsonElement>> PayoutsAsync(Account user)
    {
        using var response = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/payouts", user);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }

    private async Task<string> AccountIdAsync(Account user)
    {
        using var response = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/payout-account", user);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stripeAccountId").GetString()!;
    }

    /// <summary>What the sandbox transferred to the creator's connected account and did not take back.</summary>
    private async Task<long> TransferredAsync(Account creator)
    {
        var transfers = await _pay.StripeAsync(HttpMethod.Get, $"/v1/transfers?destination={await AccountIdAsync(creator)}&limit=100");
        return transfers.GetProperty("data").EnumerateArray()
            .Sum(t => t.GetProperty("amount").GetInt64() - t.GetProperty("amount_reversed").GetInt64());
    }

    private async Task<long> AvailableAsync(Guid channelId) => await _pay.CountAsync(
        "SELECT coalesce(sum(available_cents), 0) FROM channel_balances WHERE channel_id = @c AND currency = 'USD'", ("c", channelId)) ?? 0;
}
