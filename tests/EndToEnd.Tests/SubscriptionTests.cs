using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Tiered subscriptions through the gateway, paid and renewed at the sandbox, their state following Stripe's events.</summary>
[Collection(PlatformCollection.Name)]
[StopsServices]
public sealed class SubscriptionTests(PlatformFixture platform) : IAsyncLifetime
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
    public async Task A_subscriber_pays_renews_changes_tier_and_cancels_and_only_they_and_the_owner_see_it()
    {
        var (owner, slug) = await ChannelAsync();
        var fan = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var stranger = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var admin = await platform.AdminAsync();

        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", null, new { tier = "basic" }))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var badTier = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", fan, new { tier = "gold" }))
            Assert.Contains("tier", (await Accounts.ProblemAsync(badTier, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        using (var own = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", owner, new { tier = "basic" }))
            await Accounts.ProblemAsync(own, HttpStatusCode.UnprocessableEntity);
        using (var nowhere = await _pay.Gateway.SendAsync(HttpMethod.Post, "/api/channels/no-such-channel-here/subscriptions", fan, new { tier = "basic" }))
            await Accounts.ProblemAsync(nowhere, HttpStatusCode.NotFound);

        var subscription = await SubscribeAsync(fan, slug, "basic");
        Assert.Equal("incomplete", subscription.GetProperty("status").GetString());
        var id = subscription.GetProperty("id").GetGuid();
        using (var second = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", fan, new { tier = "vip" }))
        {
            var problem = await Accounts.ProblemAsync(second, HttpStatusCode.Conflict);
            Assert.Equal(id, problem.GetProperty("subscriptionId").GetGuid());
        }

        Assert.Equal(HttpStatusCode.OK, await _pay.PayFirstInvoiceAsync(subscription.GetProperty("clientSecret").GetString()!));
        var active = await WaitStateAsync(fan, id, s => s.GetProperty("status").GetString() == "active");
        Assert.True(active.GetProperty("autoRenew").GetBoolean());
        Assert.InRange(Utc(active.GetProperty("renewalDate")), DateTime.UtcNow.AddDays(27), DateTime.UtcNow.AddDays(32));
        Assert.Null(active.GetProperty("clientSecret").GetString());
        Assert.True(await SplitsAsync(id, 1), "the first invoice booked no split");
        // 499 cents at 50 %: the creator's share is 249 (rounded down), the platform bears Stripe's fee.
        Assert.Equal(249, await _pay.CountAsync("""
            SELECT -sum(e.amount_cents) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
            WHERE t.source_id = @s AND e.account = 'creator_pending'
            """, ("s", id)));
        Assert.Equal(1, await OutboxAsync("SubscriptionStarted", id));

        foreach (var reader in new[] { stranger, admin })
        {
            using var foreign = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}", reader);
            await Accounts.ProblemAsync(foreign, HttpStatusCode.NotFound);
        }
        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}"))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        var mine = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/subscriptions", fan);
        var mineItems = (await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(slug, Assert.Single(mineItems).GetProperty("channelSlug").GetString());
        var theirs = await _pay.Gateway.SendAsync(HttpMethod.Get, "/api/users/me/subscriptions", stranger);
        Assert.Empty((await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());

        foreach (var (reader, status) in new[] { (owner, HttpStatusCode.OK), (admin, HttpStatusCode.OK), (fan, HttpStatusCode.Forbidden) })
        {
            using var list = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/subscribers", reader);
            Assert.Equal(status, list.StatusCode);
            if (status != HttpStatusCode.OK) continue;
            var subscriber = Assert.Single((await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
            Assert.Equal(fan.Username, subscriber.GetProperty("username").GetString());
            Assert.Equal("basic", subscriber.GetProperty("tier").GetString());
        }
        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/subscribers"))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);

        // A renewal: paid, extended, one more split.
        var stripeId = await StripeIdAsync(id);
        await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/subscriptions/{stripeId}/renew");
        Assert.True(await SplitsAsync(id, 2), "the renewal booked no split");
        var renewed = await WaitStateAsync(fan, id, s => Utc(s.GetProperty("renewalDate")) > Utc(active.GetProperty("renewalDate")));
        Assert.Equal("active", renewed.GetProperty("status").GetString());
        Assert.True(await Eventually.HoldsAsync(async () => await OutboxAsync("SubscriptionRenewed", id) == 1, TimeSpan.FromSeconds(10)));

        // Tier changes and cancellation are the subscriber's alone.
        foreach (var other in new[] { stranger, admin, owner })
        {
            using var patch = await _pay.Gateway.SendAsync(HttpMethod.Patch, $"/api/subscriptions/{id}", other, new { tier = "vip" });
            await Accounts.ProblemAsync(patch, HttpStatusCode.NotFound);
            using var delete = await _pay.Gateway.SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", other);
            await Accounts.ProblemAsync(delete, HttpStatusCode.NotFound);
        }
        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Patch, $"/api/subscriptions/{id}", null, new { tier = "vip" }))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var anonymous = await _pay.Gateway.SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}"))
            await Accounts.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        using (var badTier = await _pay.Gateway.SendAsync(HttpMethod.Patch, $"/api/subscriptions/{id}", fan, new { tier = "" }))
            await Accounts.ProblemAsync(badTier, HttpStatusCode.BadRequest);

        using (var upgrade = await _pay.Gateway.SendAsync(HttpMethod.Patch, $"/api/subscriptions/{id}", fan, new { tier = "premium" }))
        {
            Assert.Equal(HttpStatusCode.OK, upgrade.StatusCode);
            var view = await upgrade.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("premium", view.GetProperty("tier").GetString());
            Assert.Equal(999, view.GetProperty("priceCents").GetInt32());
        }
        Assert.True(await SplitsAsync(id, 3), "the upgrade's prorated invoice booked no split");

        using (var cancel = await _pay.Gateway.SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", fan))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            var view = await cancel.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("active", view.GetProperty("status").GetString());
            Assert.False(view.GetProperty("autoRenew").GetBoolean());
        }
        using (var again = await _pay.Gateway.SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", fan))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        // The period ends: no renewal, no split, expired for good.
        await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/subscriptions/{stripeId}/renew");
        var expired = await WaitStateAsync(fan, id, s => s.GetProperty("status").GetString() == "expired");
        Assert.False(expired.GetProperty("autoRenew").GetBoolean());
        Assert.True(await Eventually.HoldsAsync(async () => await OutboxAsync("SubscriptionEnded", id) == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(3, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE source_id = @s", ("s", id)));
        using (var late = await _pay.Gateway.SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", fan))
            await Accounts.ProblemAsync(late, HttpStatusCode.Conflict);
        using (var change = await _pay.Gateway.SendAsync(HttpMethod.Patch, $"/api/subscriptions/{id}", fan, new { tier = "vip" }))
            await Accounts.ProblemAsync(change, HttpStatusCode.Conflict);
        using (var subscribers = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/channels/{slug}/subscribers", owner))
            Assert.Empty((await subscribers.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());

        // Once expired, the fan may subscribe again, with the same Stripe customer.
        var fresh = await SubscribeAsync(fan, slug, "vip");
        Assert.NotEqual(id, fresh.GetProperty("id").GetGuid());
        Assert.Equal(1, await _pay.CountAsync("SELECT count(*) FROM payment_customers WHERE user_id = @u", ("u", fan.Id)));
        var customers = await _pay.StripeAsync(HttpMethod.Get, "/v1/customers?limit=100");
        Assert.Single(customers.GetProperty("data").EnumerateArray(),
            c => c.GetProperty("metadata").TryGetProperty("user_id", out var user) && user.GetString() == fan.Id.ToString());
    }

    [Fact]
    public async Task Twenty_shuffled_orderings_of_lifecycle_events_end_in_the_sandboxs_state_with_one_split_per_paid_invoice()
    {
        var (_, slug) = await ChannelAsync();
        var fans = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Accounts.RegisterAndLoginAsync(_pay.Gateway)));
        var premium = (await _pay.StripeAsync(HttpMethod.Get, "/v1/prices?lookup_keys[]=tier_premium")).GetProperty("data")[0]
            .GetProperty("id").GetString()!;
        try
        {
            for (var ordering = 0; ordering < fans.Length; ordering++)
            {
                // Every event of this lifecycle is held, twice over, then delivered all at once in a shuffled order.
                await _pay.DeliveryModeAsync(new { hold = true, copies = 2 });
                var fan = fans[ordering];
                var subscription = await SubscribeAsync(fan, slug, "basic");
                var id = subscription.GetProperty("id").GetGuid();
                var stripeId = await StripeIdAsync(id);
                Assert.Equal(HttpStatusCode.OK, await _pay.PayFirstInvoiceAsync(subscription.GetProperty("clientSecret").GetString()!));
                await _pay.SandboxAsync(HttpMethod.Post, $"/_sandbox/subscriptions/{stripeId}/renew");
                await LifecycleAsync(ordering % 4, stripeId, premium);

                await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/release", new { shuffle = true, seed = ordering });
                await _pay.DeliveryModeAsync(new { });
                await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/wait", new { timeoutMs = 30_000 });

                var stripe = await _pay.StripeAsync(HttpMethod.Get, $"/v1/subscriptions/{stripeId}");
                var item = stripe.GetProperty("items").GetProperty("data")[0];
                var expected = (
                    Status: stripe.GetProperty("status").GetString() switch
                    {
                        "active" => "active",
                        "past_due" or "unpaid" => "past_due",
                        "incomplete" => "incomplete",
                        _ => "expired",
                    },
                    Tier: item.GetProperty("price").GetProperty("lookup_key").GetString()![5..],
                    RenewalDate: item.GetProperty("current_period_end").GetInt64(),
                    AutoRenew: !stripe.GetProperty("cancel_at_period_end").GetBoolean() && stripe.GetProperty("status").GetString() != "canceled");
                var invoices = await _pay.StripeAsync(HttpMethod.Get, $"/v1/invoices?subscription={stripeId}&status=paid&limit=100");
                var paid = invoices.GetProperty("data").EnumerateArray().Count(i => i.GetProperty("amount_paid").GetInt64() > 0);

                JsonElement ours = default;
                var matches = await Eventually.HoldsAsync(async () =>
                {
                    ours = await StateAsync(fan, id);
                    return (ours.GetProperty("status").GetString(), ours.GetProperty("tier").GetString(),
                            new DateTimeOffset(Utc(ours.GetProperty("renewalDate"))).ToUnixTimeSeconds(), ours.GetProperty("autoRenew").GetBoolean())
                        == (expected.Status, expected.Tier, expected.RenewalDate, expected.AutoRenew);
                }, TimeSpan.FromSeconds(15));
                Assert.True(matches, $"ordering {ordering}: ours {ours} differs from Stripe's {expected}");
                Assert.Equal(paid, await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE source_id = @s", ("s", id)));
                Assert.Equal(1, await OutboxAsync("SubscriptionStarted", id));
                Assert.Equal(expected.Status == "expired" ? 1 : 0, await OutboxAsync("SubscriptionEnded", id));
            }
        }
        finally
        {
            await _pay.DeliveryModeAsync(new { });
            await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/release", new { shuffle = false });
        }
    }

    [Fact]
    public async Task Payments_stopped_in_a_burst_of_renewal_webhooks_ends_in_the_sandboxs_state_with_one_split_per_paid_invoice()
    {
        var (_, slug) = await ChannelAsync();
        var fans = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Accounts.RegisterAndLoginAsync(_pay.Gateway)));
        var subscriptions = await Task.WhenAll(fans.Select(async fan =>
        {
            var subscription = await SubscribeAsync(fan, slug, "basic");
            var id = subscription.GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, await _pay.PayFirstInvoiceAsync(subscription.GetProperty("clientSecret").GetString()!));
            await WaitStateAsync(fan, id, s => s.GetProperty("status").GetString() == "active");
            return (Fan: fan, Id: id, StripeId: await StripeIdAsync(id));
        }));

        try
        {
            // Two renewals each (every third one's card declines the second time), each event sent twice, all held and
            // then let go at once in a shuffled order; Payments is stopped while they arrive and the sandbox retries.
            await _pay.DeliveryModeAsync(new { hold = true, copies = 2 });
            for (var i = 0; i < subscriptions.Length; i++)
            {
                var renew = $"/_sandbox/subscriptions/{subscriptions[i].StripeId}/renew";
                await _pay.SandboxAsync(HttpMethod.Post, renew);
                await _pay.SandboxAsync(HttpMethod.Post, renew, new { fail = i % 3 == 0 });
            }
            await _pay.DeliveryModeAsync(new { });
            await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/release", new { shuffle = true, seed = 14 });
            await Task.Delay(150);
            await platform.CommandAsync("payments", "resource-stop");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await platform.CommandAsync("payments", "resource-start");
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("payments").WaitAsync(TimeSpan.FromMinutes(2));
            var settled = await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/wait", new { timeoutMs = 45_000 });
            Assert.True(settled.GetProperty("idle").GetBoolean(), $"the sandbox still has deliveries to make: {settled}");
        }
        finally
        {
            await _pay.DeliveryModeAsync(new { });
            await _pay.SandboxAsync(HttpMethod.Post, "/_sandbox/webhooks/release", new { shuffle = false });
        }

        foreach (var (fan, id, stripeId) in subscriptions)
        {
            var expected = await SandboxStateAsync(stripeId);
            JsonElement ours = default;
            var matches = await Eventually.HoldsAsync(async () =>
            {
                ours = await StateAsync(fan, id);
                return (ours.GetProperty("status").GetString(), ours.GetProperty("tier").GetString(),
                        new DateTimeOffset(Utc(ours.GetProperty("renewalDate"))).ToUnixTimeSeconds(), ours.GetProperty("autoRenew").GetBoolean())
                    == expected.State;
            }, TimeSpan.FromSeconds(15));
            Assert.True(matches, $"subscription {id}: ours {ours} differs from Stripe's {expected.State}");
            // One split per paid invoice: the first month and each renewal that was paid, never one twice.
            Assert.Equal(expected.PaidInvoices, await _pay.CountAsync(
                "SELECT count(*) FROM ledger_transactions WHERE source_id = @s AND kind = 'subscription'", ("s", id)));
        }
        await LedgerInvariants.AssertHoldAsync(_pay.PaymentsDb);
    }

    /// <summary>The subscription as the sandbox (Stripe) has it, in our terms, and how many of its invoices were paid.</summary>
    private async Task<((string? Status, string? Tier, long RenewalDate, bool AutoRenew) State, long PaidInvoices)> SandboxStateAsync(string stripeId)
    {
        var stripe = await _pay.StripeAsync(HttpMethod.Get, $"/v1/subscriptions/{stripeId}");
        var item = stripe.GetProperty("items").GetProperty("data")[0];
        var status = stripe.GetProperty("status").GetString() switch
        {
            "active" => "active",
            "past_due" or "unpaid" => "past_due",
            "incomplete" => "incomplete",
            _ => "expired",
        };
        var invoices = await _pay.StripeAsync(HttpMethod.Get, $"/v1/invoices?subscription={stripeId}&status=paid&limit=100");
        var paid = invoices.GetProperty("data").EnumerateArray().Count(i => i.GetProperty("amount_paid").GetInt64() > 0);
        return ((status, item.GetProperty("price").GetProperty("lookup_key").GetString()![5..], item.GetProperty("current_period_end").GetInt64(),
            !stripe.GetProperty("cancel_at_period_end").GetBoolean() && stripe.GetProperty("status").GetString() != "canceled"), paid);
    }

    /// <summary>Four endings after a paid first month and a paid renewal, made at the sandbox as Stripe would make them.</summary>
    private async Task LifecycleAsync(int kind, string stripeId, string premiumPrice)
    {
        var renew = $"/_sandbox/subscriptions/{stripeId}/renew";
        var retry = $"/_sandbox/subscriptions/{stripeId}/retry";
        switch (kind)
        {
            case 0: // a failed renewal recovers, then the subscriber cancels and the period runs out
                await _pay.SandboxAsync(HttpMethod.Post, renew, new { fail = true });
                await _pay.SandboxAsync(HttpMethod.Post, retry);
                await _pay.StripeAsync(HttpMethod.Post, $"/v1/subscriptions/{stripeId}",
                    new Dictionary<string, string> { ["cancel_at_period_end"] = "true" });
                await _pay.SandboxAsync(HttpMethod.Post, renew);
                break;
            case 1: // every retry fails: Stripe gives up and ends it
                await _pay.SandboxAsync(HttpMethod.Post, renew, new { fail = true });
                for (var i = 0; i < 3; i++) await _pay.SandboxAsync(HttpMethod.Post, retry, new { fail = true });
                break;
            case 2: // a failed renewal, still being retried
                await _pay.SandboxAsync(HttpMethod.Post, renew, new { fail = true });
                break;
            default: // an upgrade with its prorated invoice, then a cancellation that has not run out yet
                var current = await _pay.StripeAsync(HttpMethod.Get, $"/v1/subscriptions/{stripeId}");
                var itemId = current.GetProperty("items").GetProperty("data")[0].GetProperty("id").GetString()!;
                await _pay.StripeAsync(HttpMethod.Post, $"/v1/subscriptions/{stripeId}", new Dictionary<string, string>
                {
                    ["items[0][id]"] = itemId,
                    ["items[0][price]"] = premiumPrice,
                    ["proration_behavior"] = "always_invoice",
                });
                await _pay.StripeAsync(HttpMethod.Post, $"/v1/subscriptions/{stripeId}",
                    new Dictionary<string, string> { ["cancel_at_period_end"] = "true" });
                break;
        }
    }

    private async Task<(Account Owner, string Slug)> ChannelAsync()
    {
        var owner = await Accounts.RegisterAndLoginAsync(_pay.Gateway);
        var slug = await Channels.CreateAsync(_pay.Gateway, owner);
        await _pay.WaitChannelKnownAsync(owner, slug);
        return (owner, slug);
    }

    private async Task<JsonElement> SubscribeAsync(Account fan, string slug, string tier)
    {
        using var response = await _pay.Gateway.SendAsync(HttpMethod.Post, $"/api/channels/{slug}/subscriptions", fan, new { tier });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> StateAsync(Account fan, Guid id)
    {
        using var response = await _pay.Gateway.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}", fan);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> WaitStateAsync(Account fan, Guid id, Func<JsonElement, bool> condition)
    {
        JsonElement state = default;
        Assert.True(await Eventually.HoldsAsync(async () => condition(state = await StateAsync(fan, id)), TimeSpan.FromSeconds(15)),
            $"subscription {id} never reached the expected state; last {state}");
        return state;
    }

    private Task<bool> SplitsAsync(Guid id, int expected) => Eventually.HoldsAsync(async () =>
        await _pay.CountAsync("SELECT count(*) FROM ledger_transactions WHERE source_id = @s AND kind = 'subscription'", ("s", id)) == expected,
        TimeSpan.FromSeconds(15));

    private async Task<string> StripeIdAsync(Guid id) =>
        (await DatabaseInspection.ScalarAsync<string>(_pay.PaymentsDb, "SELECT stripe_subscription_id FROM subscriptions WHERE id = @id",
            ("id", id)))!;

    private Task<long?> OutboxAsync(string eventType, Guid subscriptionId) => _pay.CountAsync(
        $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE 'AeThexLive.Contracts.Payments.{eventType},%' AND payload->>'subscriptionId' = @s",
        ("s", subscriptionId.ToString()));

    private static DateTime Utc(JsonElement value) => DateTime.SpecifyKind(value.GetDateTime(), DateTimeKind.Utc);
}
