using AeThexLive.Messaging.Mail;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AeThexLive.Messaging.Tests;

/// <summary>The shared mail outbox, with a real PostgreSQL holding it and a real smtp4dev receiving what it sends.</summary>
[Collection(MailCollection.Name)]
public sealed class MailOutboxTests(LocalPostgres postgres, LocalSmtp4dev mailServer)
{
    private const string Origin = Outbox.Origin;

    [Fact]
    public async Task Queued_mail_arrives_once_with_plain_text_html_and_links_on_the_public_origin()
    {
        await using var outbox = await NewOutboxAsync();
        var to = Addresses(3);
        await outbox.QueueAsync(to);

        var worker = outbox.Worker();
        while (await worker.SendBatchAsync(default)) { }
        await worker.SendBatchAsync(default);

        foreach (var address in to) Assert.Single(await mailServer.Inbox.WaitForAsync(address));
        var mail = (await mailServer.Inbox.ToAsync(to[0])).Single();
        Assert.Equal("Notice 0", mail.Subject);
        Assert.Contains($"{Origin}/notices/0", await mailServer.Inbox.TextAsync(mail));
        Assert.Contains($"href=\"{Origin}/notices/0\"", await mailServer.Inbox.HtmlAsync(mail));
        await using var db = outbox.Context();
        Assert.All(await db.MailOutbox.ToListAsync(), row => Assert.NotNull(row.SentAt));
        await Task.Delay(500);
        foreach (var address in to) Assert.Single(await mailServer.Inbox.ToAsync(address));
    }

    [Fact]
    public async Task A_restarted_worker_sends_nothing_twice()
    {
        await using var outbox = await NewOutboxAsync();
        var to = Addresses(10);
        await outbox.QueueAsync(to);

        await RunWorkerAsync(outbox, until: () => outbox.CountAsync(sent: true, 10));
        await RunWorkerAsync(outbox, until: async () => { await Task.Delay(1500); return true; });

        foreach (var address in to) Assert.Single(await mailServer.Inbox.ToAsync(address));
    }

    [Fact]
    public async Task Mail_claimed_by_a_worker_that_died_is_sent_once_when_its_lease_ends()
    {
        await using var outbox = await NewOutboxAsync();
        var to = Addresses(4);
        await outbox.QueueAsync(to);
        // A worker claimed the rows and died before sending: they stay locked until the lease ends.
        await using (var db = outbox.Context())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE mail_outbox SET locked_until = @until", [SqlTimestamp.Of(DateTime.UtcNow.AddSeconds(3), "until")]);
        }

        var started = DateTime.UtcNow;
        await RunWorkerAsync(outbox, until: () => outbox.CountAsync(sent: true, 4));

        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(2), "the rows were taken from under a live lease");
        foreach (var address in to) Assert.Single(await mailServer.Inbox.WaitForAsync(address));
    }

    [Fact]
    public async Task Twenty_mails_queued_while_the_server_is_down_all_arrive_once_when_it_returns()
    {
        await using var outbox = await NewOutboxAsync();
        var to = Addresses(20);
        await mailServer.StopAsync();
        try
        {
            await outbox.QueueAsync(to);
            using var host = outbox.StartWorker();
            await host.StartAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await using (var db = outbox.Context())
            {
                var rows = await db.MailOutbox.AsNoTracking().ToListAsync();
                Assert.All(rows, row => Assert.Null(row.SentAt));
                // The server being away is not the messages' fault: none is counted as refused or given up.
                Assert.All(rows, row => Assert.Equal((0, (DateTime?)null), (row.Attempts, row.FailedAt)));
            }

            await mailServer.StartAsync();
            Assert.True(await Eventually.HoldsAsync(() => outbox.CountAsync(sent: true, 20), TimeSpan.FromSeconds(30)));
            await host.StopAsync();
        }
        finally
        {
            await mailServer.StartAsync();
        }

        foreach (var address in to) Assert.Single(await mailServer.Inbox.WaitForAsync(address));
    }

    [Fact]
    public async Task Mail_to_an_address_recorded_as_undeliverable_is_given_up_without_sending()
    {
        await using var outbox = await NewOutboxAsync();
        var to = Addresses(2);
        await using (var db = outbox.Context())
        {
            db.UndeliverableAddresses.Add(new UndeliverableAddress(to[0], "550 mailbox unavailable", DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        await outbox.QueueAsync(to);

        await outbox.Worker().SendBatchAsync(default);

        Assert.Single(await mailServer.Inbox.WaitForAsync(to[1]));
        Assert.Empty(await mailServer.Inbox.ToAsync(to[0]));
        await using var check = outbox.Context();
        var refused = await check.MailOutbox.SingleAsync(m => m.Recipient == to[0]);
        Assert.Null(refused.SentAt);
        Assert.NotNull(refused.FailedAt);
        Assert.Contains("undeliverable", refused.LastError);
    }

    [Fact]
    public async Task A_template_value_that_is_missing_is_an_error_not_a_message_with_a_hole()
    {
        var composer = Composer(TimeProvider.System);
        var error = Assert.Throws<InvalidOperationException>(() =>
            composer.Compose("notice", "someone@example.com", new Dictionary<string, string> { ["name"] = "Ada" }));
        Assert.Contains("{{number}}", error.Message);
    }

    [Fact]
    public void Values_are_html_encoded_in_the_html_part_and_left_alone_in_the_text()
    {
        var mail = Composer(TimeProvider.System).Compose("notice", "someone@example.com",
            new Dictionary<string, string> { ["name"] = "<b>Ada</b> & co", ["number"] = "7" });
        Assert.Contains("Hello <b>Ada</b> & co", mail.TextBody);
        Assert.Contains("Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co", mail.HtmlBody);
    }

    private async Task RunWorkerAsync(Outbox outbox, Func<Task<bool>> until)
    {
        using var host = outbox.StartWorker();
        await host.StartAsync();
        Assert.True(await Eventually.HoldsAsync(until, TimeSpan.FromSeconds(30)));
        await host.StopAsync();
    }

    private static string[] Addresses(int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return [.. Enumerable.Range(0, count).Select(i => $"user{i}.{run}@example.com")];
    }

    private static MailComposer Composer(TimeProvider clock) => Outbox.Composer(clock);

    private Task<Outbox> NewOutboxAsync() => Outbox.CreateAsync(postgres, mailServer);
}

/// <summary>The smallest service database that sends mail.</summary>
public sealed class MailDbContext(DbContextOptions<MailDbContext> options) : MessagingDbContext(options), IKeepsMailOutbox
{
    public DbSet<OutboundMail> MailOutbox => Set<OutboundMail>();
    public DbSet<UndeliverableAddress> UndeliverableAddresses => Set<UndeliverableAddress>();

    public static MailDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<MailDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
