using AeThexLive.Messaging.Mail;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AeThexLive.Messaging.Tests;

/// <summary>smtp4dev refusing messages over 4,000 bytes: a refusal the server means for good (552).</summary>
public sealed class SizeLimitedSmtp4dev() : LocalSmtp4dev(["--maxmessagesize=4000"]);

[Collection(PostgresCollection.Name)]
public sealed class MailRefusalTests(LocalPostgres postgres, SizeLimitedSmtp4dev mailServer) : IClassFixture<SizeLimitedSmtp4dev>
{
    [Fact]
    public async Task A_message_the_server_refuses_for_good_is_given_up_at_once_and_the_address_still_gets_other_mail()
    {
        var connectionString = await postgres.CreateDatabaseAsync("refusal");
        await using (var db = MailDbContext.Open(connectionString)) await db.Database.EnsureCreatedAsync();
        var address = $"big.{Guid.NewGuid():N}@example.com";
        var composer = new MailComposer(new MailTemplates(typeof(MailRefusalTests).Assembly),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:PublicOrigin"] = "https://live.example" }).Build(),
            TimeProvider.System);
        await using (var db = MailDbContext.Open(connectionString))
        {
            db.MailOutbox.Add(composer.Compose("notice", address, new Dictionary<string, string> { ["name"] = new('x', 20_000), ["number"] = "1" }));
            db.MailOutbox.Add(composer.Compose("notice", address, new Dictionary<string, string> { ["name"] = "Ada", ["number"] = "2" }));
            await db.SaveChangesAsync();
        }

        await using var services = new ServiceCollection()
            .AddDbContext<MailDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention())
            .AddSingleton(Options.Create(new MailOptions
            {
                Smtp = new SmtpOptions { Host = "127.0.0.1", Port = mailServer.SmtpPort, Security = "None" },
                RetryDelay = TimeSpan.FromMilliseconds(100),
            }))
            .AddSingleton(TimeProvider.System)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddMetrics()
            .BuildServiceProvider();
        var worker = ActivatorUtilities.CreateInstance<MailOutboxWorker<MailDbContext>>(services);
        for (var run = 0; run < 3; run++)
        {
            await worker.SendBatchAsync(default);
            await Task.Delay(200);
        }

        var received = Assert.Single(await mailServer.Inbox.WaitForAsync(address));
        Assert.Equal("Notice 2", received.Subject);
        await using var check = MailDbContext.Open(connectionString);
        var refused = await check.MailOutbox.SingleAsync(m => m.SentAt == null);
        Assert.NotNull(refused.FailedAt);
        Assert.Equal(1, refused.Attempts);
        // The message was at fault, not the address.
        Assert.Empty(await check.UndeliverableAddresses.ToListAsync());
    }
}
