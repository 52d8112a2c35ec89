using AeThexLive.Messaging.Mail;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Tests;

/// <summary>Mail to many (go-live notifications): rendered once, paced, and never in the way of security mail.</summary>
[Collection(MailCollection.Name)]
public sealed class BulkMailTests(LocalPostgres postgres, LocalSmtp4dev mailServer)
{
    [Fact]
    public async Task Bulk_mail_arrives_no_faster_than_its_rate_and_a_reset_link_queued_meanwhile_overtakes_it()
    {
        await using var outbox = await Outbox.CreateAsync(postgres, mailServer, o => o.BulkPerSecond = 5);
        var followers = Addresses("fan", 20);
        await outbox.QueueBulkAsync(followers);

        using var host = outbox.StartWorker();
        await host.StartAsync();
        // The worker's own record, not the mail server's list, which lags a loaded machine by a second or more.
        Assert.True(await Eventually.HoldsAsync(async () => await outbox.SentAsync() >= 1, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20)));
        var reset = Addresses("reset", 1);
        await outbox.QueueAsync(reset);
        Assert.True(await Eventually.HoldsAsync(() => outbox.CountAsync(sent: true, 21), TimeSpan.FromSeconds(30)));
        await host.StopAsync();

        var all = await mailServer.Inbox.AllAsync();
        var bulk = all.Where(m => followers.Contains(m.To.Single())).Select(m => m.ReceivedDate).Order().ToList();
        Assert.Equal(20, bulk.Count);
        // 5 a second: the first and the twentieth are at least 19 intervals of 200 ms apart.
        Assert.True(bulk[^1] - bulk[0] >= TimeSpan.FromSeconds(3.6), $"20 bulk mails went out in {(bulk[^1] - bulk[0]).TotalSeconds} s");
        var resetAt = Assert.Single(all, m => m.To.Single() == reset[0]).ReceivedDate;
        Assert.True(bulk.Count(at => at > resetAt) >= 10, "the reset link waited behind the followers' mail");
    }

    [Fact]
    public async Task A_worker_stopped_mid_batch_records_what_the_server_took_and_the_next_one_sends_only_the_rest()
    {
        await using var outbox = await Outbox.CreateAsync(postgres, mailServer, o => o.BulkPerSecond = 5);
        var followers = Addresses("fan", 12);
        await outbox.QueueBulkAsync(followers);

        using (var host = outbox.StartWorker())
        {
            await host.StartAsync();
            Assert.True(await Eventually.HoldsAsync(async () => (await Received(followers)).Count >= 3, TimeSpan.FromSeconds(30)));
            await host.StopAsync();
        }

        await using (var db = outbox.Context())
        {
            var rows = await db.MailOutbox.AsNoTracking().ToListAsync();
            var recorded = rows.Where(r => r.SentAt != null).Select(r => r.Recipient).Order().ToList();
            // smtp4dev lists a message a moment after accepting it, so its list may lag what the worker recorded.
            Assert.True(await Eventually.HoldsAsync(async () => (await Received(followers)).Count >= recorded.Count, TimeSpan.FromSeconds(10)));
            var received = await Received(followers);
            Assert.InRange(received.Count, 3, 11);
            Assert.Equal(received.Order(), recorded);
            // What was not sent is let go at once, not held until the lease ends.
            Assert.All(rows.Where(r => r.SentAt == null), r => Assert.Null(r.LockedUntil));
        }

        using (var host = outbox.StartWorker())
        {
            await host.StartAsync();
            Assert.True(await Eventually.HoldsAsync(() => outbox.CountAsync(sent: true, 12), TimeSpan.FromSeconds(20)));
            await host.StopAsync();
        }
        await Task.Delay(500);
        foreach (var address in followers) Assert.Single(await mailServer.Inbox.ToAsync(address));
    }

    [Fact]
    public async Task A_bulk_producer_waits_while_the_outbox_holds_its_queue_ahead_and_goes_on_as_the_sender_drains_it()
    {
        // 5 a second, 2 s ahead: room for 10 unsent bulk mails.
        await using var outbox = await Outbox.CreateAsync(postgres, mailServer, o =>
        {
            o.BulkPerSecond = 5;
            o.BulkQueueAhead = TimeSpan.FromSeconds(2);
        });
        var options = outbox.Options();
        await using var connection = outbox.Connection();
        await outbox.QueueBulkAsync(Addresses("first", 9));
        await BulkMail.WaitForRoomAsync(connection, options, TimeSpan.FromMinutes(1), default).WaitAsync(TimeSpan.FromSeconds(5));

        await outbox.QueueBulkAsync(Addresses("second", 3));
        await outbox.QueueAsync(Addresses("reset", 3));
        var waiting = BulkMail.WaitForRoomAsync(connection, options, TimeSpan.FromMinutes(1), default);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted, "12 bulk mails are queued, more than 2 s at 5 a second, so the producer waits");

        using var host = outbox.StartWorker();
        await host.StartAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        await host.StopAsync();
        await using var db = outbox.Context();
        // Room appears once the sender is below 10 unsent; security mail never counted against it.
        Assert.InRange(await db.MailOutbox.CountAsync(m => m.Bulk && m.SentAt != null), 3, 12);

        // With no sender at all, the producer waits only as long as it was told, then queues anyway.
        await outbox.QueueBulkAsync(Addresses("third", 12));
        var started = DateTime.UtcNow;
        await BulkMail.WaitForRoomAsync(connection, options, TimeSpan.FromSeconds(1), default).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "it gave up before its time");
    }

    [Fact]
    public void A_bulk_mail_fills_each_recipient_in_once_and_never_reads_a_value_as_a_template()
    {
        var bulk = Outbox.Composer(TimeProvider.System).Bulk("notice", new Dictionary<string, string> { ["number"] = "{{name}}" }, "name");
        var mail = bulk.To("ada@example.com", new Dictionary<string, string> { ["name"] = "<b>Ada</b> & co" });

        Assert.True(mail.Bulk);
        Assert.Equal("Notice {{name}}", mail.Subject);
        Assert.Contains("Hello <b>Ada</b> & co, this is notice {{name}}", mail.TextBody);
        Assert.Contains("Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co", mail.HtmlBody);
        var single = Outbox.Composer(TimeProvider.System).Compose("notice", "ada@example.com",
            new Dictionary<string, string> { ["number"] = "{{name}}", ["name"] = "<b>Ada</b> & co" });
        Assert.Equal((single.Subject, single.TextBody, single.HtmlBody), (mail.Subject, mail.TextBody, mail.HtmlBody));
        Assert.False(single.Bulk);
    }

    private async Task<List<string>> Received(string[] addresses) =>
        [.. (await mailServer.Inbox.AllAsync()).Select(m => m.To.Single()).Where(addresses.Contains)];

    private static string[] Addresses(string prefix, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i}.{run}@example.com")];
    }
}
