using System.Text;
using Stripe;

namespace AeThexLive.StripeSandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class EventAndWebhookTests(SandboxServer sandbox) : IAsyncLifetime
{
    public Task InitializeAsync() => sandbox.ResetAsync();

    public async Task DisposeAsync() => await sandbox.SendAsync(HttpMethod.Put, "/_sandbox/webhook", new { url = sandbox.Receiver.Url });

    [Fact]
    public void Stripe_net_53_1_0_speaks_api_version_2026_10_28_endive()
    {
        Assert.Equal("2026-10-28.endive", StripeConfiguration.ApiVersion);
    }

    [Fact]
    public async Task Events_page_backwards_with_starting_after_and_filter_by_created()
    {
        var customers = new CustomerService(sandbox.Client());
        for (var i = 0; i < 25; i++)
        {
            await customers.CreateAsync(new CustomerCreateOptions { Email = $"viewer{i}@example.com" });
        }
        var events = new EventService(sandbox.Client());

        var first = await events.ListAsync(new EventListOptions { Limit = 10, Type = "customer.created" });
        var second = await events.ListAsync(
            new EventListOptions { Limit = 10, Type = "customer.created", StartingAfter = first.Data[^1].Id });
        var third = await events.ListAsync(
            new EventListOptions { Limit = 10, Type = "customer.created", StartingAfter = second.Data[^1].Id });

        Assert.True(first.HasMore);
        Assert.True(second.HasMore);
        Assert.False(third.HasMore);
        Assert.Equal(5, third.Data.Count);
        var emails = first.Data.Concat(second.Data).Concat(third.Data).Select(e => ((Customer)e.Data.Object).Email).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"viewer{i}@example.com"), emails);

        var all = new List<Event>();
        await foreach (var stripeEvent in events.ListAutoPagingAsync(new EventListOptions { Limit = 7, Type = "customer.*" }))
        {
            all.Add(stripeEvent);
        }
        Assert.Equal(25, all.Count);

        var future = await events.ListAsync(new EventListOptions
        {
            Created = new DateRangeOptions { GreaterThanOrEqual = DateTime.UtcNow.AddHours(1) },
        });
        Assert.Empty(future.Data);
        var recent = await events.ListAsync(new EventListOptions
        {
            Created = new DateRangeOptions { GreaterThanOrEqual = DateTime.UtcNow.AddMinutes(-5) },
            Limit = 100,
        });
        Assert.Equal(25, recent.Data.Count(e => e.Type == "customer.created"));
    }

    [Fact]
    public async Task Webhooks_are_signed_as_stripe_signs_them()
    {
        await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions { Email = "signed@example.com" });

        var created = await sandbox.Receiver.WaitForAsync("customer.created");

        Assert.Equal("signed@example.com", ((Customer)created.Data.Object).Email);
        Assert.StartsWith("evt_", created.Id);
        Assert.NotNull(created.Request.Id);
        var listed = await new EventService(sandbox.Client()).GetAsync(created.Id);
        Assert.Equal(created.Created, listed.Created);
    }

    [Fact]
    public async Task Events_signed_with_another_secret_or_too_old_are_rejected_by_the_receiver()
    {
        const string body = "{\"id\":\"evt_1\",\"object\":\"event\",\"api_version\":\"2026-10-28.endive\","
            + "\"type\":\"ping\",\"data\":{\"object\":{}}}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var wrongSecret = EventUtility.GenerateSignatureHeader(body, "whsec_someone_else", now);
        var stale = EventUtility.GenerateSignatureHeader(body, SandboxServer.WebhookSecret, now - 301);
        var good = EventUtility.GenerateSignatureHeader(body, SandboxServer.WebhookSecret, now);

        Assert.Equal(200, (int)(await PostToReceiverAsync(body, good)).StatusCode);
        Assert.Equal(400, (int)(await PostToReceiverAsync(body, wrongSecret)).StatusCode);
        Assert.Equal(400, (int)(await PostToReceiverAsync(body, stale)).StatusCode);
        Assert.Equal(400, (int)(await PostToReceiverAsync(body.Replace("ping", "pong"), good)).StatusCode);
    }

    [Fact]
    public async Task Refused_deliveries_are_retried_with_backoff_until_accepted()
    {
        sandbox.Receiver.RefuseNext(2);

        await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions { Email = "retry@example.com" });
        await sandbox.Receiver.WaitForAsync("customer.created");
        await sandbox.DeliveriesSettledAsync();

        var deliveries = await sandbox.GetAsync("/_sandbox/deliveries?type=customer.created");
        var delivery = deliveries.GetProperty("data")[0];
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        var history = delivery.GetProperty("history").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).ToList();
        Assert.Equal([500, 500, 200], history);
    }

    [Fact]
    public async Task Deliveries_to_an_endpoint_that_is_down_are_given_up_after_the_last_retry()
    {
        await sandbox.SendAsync(HttpMethod.Put, "/_sandbox/webhook", new { url = "http://127.0.0.1:9/down" });

        await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions());
        await sandbox.DeliveriesSettledAsync();

        var delivery = (await sandbox.GetAsync("/_sandbox/deliveries")).GetProperty("data")[0];
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(4, delivery.GetProperty("attempts").GetInt32());
        Assert.NotNull(delivery.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Dropped_events_are_listed_but_never_delivered_so_a_reconciler_can_heal()
    {
        await sandbox.SendAsync(HttpMethod.Put, "/_sandbox/webhooks/mode", new { drop = true });

        var intent = await new PaymentIntentService(sandbox.Client()).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 1000,
            Currency = "usd",
            PaymentMethod = "pm_card_visa",
            Confirm = true,
        });
        await sandbox.DeliveriesSettledAsync();

        Assert.Empty(sandbox.Receiver.Events);
        var succeeded = await new EventService(sandbox.Client()).ListAsync(new EventListOptions { Type = "payment_intent.succeeded" });
        Assert.Equal(intent.Id, ((PaymentIntent)Assert.Single(succeeded.Data).Data.Object).Id);
        var dropped = await sandbox.GetAsync("/_sandbox/deliveries?status=dropped");
        Assert.True(dropped.GetProperty("total").GetInt32() >= 3);
    }

    [Fact]
    public async Task Held_copies_are_released_shuffled_and_every_copy_verifies()
    {
        await sandbox.SendAsync(HttpMethod.Put, "/_sandbox/webhooks/mode", new { copies = 3, hold = true });
        var customers = new CustomerService(sandbox.Client());
        for (var i = 0; i < 10; i++)
        {
            await customers.CreateAsync(new CustomerCreateOptions { Email = $"fan{i}@example.com" });
        }
        await sandbox.DeliveriesSettledAsync();
        Assert.Empty(sandbox.Receiver.Events);

        var released = await sandbox.ControlAsync("/_sandbox/webhooks/release", new { shuffle = true, seed = 7 });
        await sandbox.DeliveriesSettledAsync();

        Assert.Equal(30, released.GetProperty("released").GetInt32());
        var received = sandbox.Receiver.OfType("customer.created");
        Assert.Equal(30, received.Count);
        Assert.All(received.GroupBy(e => e.Id), copies => Assert.Equal(3, copies.Count()));
        var order = received.Select(e => ((Customer)e.Data.Object).Email).Distinct().ToList();
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => $"fan{i}@example.com"), order);
        Assert.Empty(sandbox.Receiver.Rejections);
    }

    [Fact]
    public async Task Delayed_delivery_does_not_hold_up_the_api_call()
    {
        await sandbox.SendAsync(HttpMethod.Put, "/_sandbox/webhooks/mode", new { delayMs = 3000 });
        sandbox.Receiver.RefuseNext(0);

        var started = DateTime.UtcNow;
        await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions { Email = "late@example.com" });
        var callTook = DateTime.UtcNow - started;

        Assert.True(callTook < TimeSpan.FromSeconds(2.5), $"the call took {callTook}");
        Assert.Empty(sandbox.Receiver.Events);
        await sandbox.Receiver.WaitForAsync("customer.created");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(2900));
    }

    [Fact]
    public async Task An_event_can_be_resent()
    {
        await new CustomerService(sandbox.Client()).CreateAsync(new CustomerCreateOptions());
        var created = await sandbox.Receiver.WaitForAsync("customer.created");

        await sandbox.ControlAsync($"/_sandbox/events/{created.Id}/resend");
        await sandbox.DeliveriesSettledAsync();

        Assert.Equal(2, sandbox.Receiver.Events.Count(e => e.Id == created.Id));
    }

    private async Task<HttpResponseMessage> PostToReceiverAsync(string body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, sandbox.Receiver.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", signature);
        return await sandbox.Http.SendAsync(request);
    }
}
