using AeThexLive.Contracts.Streaming;
using AeThexLive.Identity.Consumers;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Messaging.Mail;
using AeThexLive.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Identity.Tests;

[Collection(PostgresCollection.Name)]
public sealed class GoLiveEmailTests(LocalPostgres postgres)
{
    [Fact]
    public async Task Followers_with_a_verified_address_and_emails_on_get_one_go_live_email_however_often_the_batch_arrives()
    {
        await using var database = await IdentityDatabase.CreateAsync(postgres);
        var fan = await VerifiedAsync(database, await database.AddUserAsync("night_fan"));
        var quiet = await VerifiedAsync(database, await database.AddUserAsync("quiet_fan"));
        var unverified = await database.AddUserAsync("new_fan");
        await using (var db = database.Context())
        {
            var settings = await db.UserSettings.SingleAsync(s => s.UserId == quiet.Id);
            settings.Update(false, settings.PrivacyLevel, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        await using var provider = new ServiceCollection()
            .AddDbContext<IdentityDbContext>(o => o.UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention())
            .AddSingleton<TimeProvider>(database.Clock)
            .AddSingleton(IdentityMail.Composer(database.Clock))
            .AddMassTransitTestHarness(bus => bus.AddConsumer<GoLiveEmailsDueConsumer>())
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        var streamId = Guid.CreateVersion7();
        var due = new GoLiveEmailsDue(streamId, Guid.NewGuid(), "night-owl", "Night Owl", "Late <show>", DateTime.UtcNow,
            [new GoLiveRecipient(fan.Id, "fan-token"), new GoLiveRecipient(quiet.Id, "quiet-token"), new GoLiveRecipient(unverified.Id, "new-token")]);
        var messageId = NewId.NextGuid();
        await harness.Bus.Publish(due, context => context.MessageId = messageId);
        await harness.Bus.Publish(due, context => context.MessageId = messageId);
        // The same followers in another message (a batch re-sent after a retry) still get no second email.
        await harness.Bus.Publish(due);
        await harness.InactivityTask;
        Assert.False(harness.Published.Select<Fault<GoLiveEmailsDue>>().Any());

        await using (var db = database.Context())
        {
            var mail = Assert.Single(await db.MailOutbox.ToListAsync());
            Assert.Equal(fan.Email, mail.Recipient);
            Assert.Equal("go-live", mail.Template);
            // Paced behind security mail by the sender.
            Assert.True(mail.Bulk);
            Assert.Contains("Hi night_fan,", mail.TextBody);
            Assert.Equal("Night Owl is live: Late <show>", mail.Subject);
            Assert.Equal($"{IdentityMail.PublicOrigin}/api/notifications/unsubscribe?token=fan-token", mail.UnsubscribeUrl);
            Assert.Contains($"{IdentityMail.PublicOrigin}/night-owl", mail.TextBody);
            Assert.Contains("Late &lt;show&gt;", mail.HtmlBody);
            Assert.Contains(mail.UnsubscribeUrl!, mail.HtmlBody);
            Assert.Equal([fan.Id], await db.GoLiveEmails.Select(e => e.UserId).ToListAsync());
        }

        // The next broadcast is news again.
        await harness.Bus.Publish(due with { StreamId = Guid.CreateVersion7() });
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            await using var db = database.Context();
            return await db.MailOutbox.CountAsync(m => m.Recipient == fan.Email) == 2;
        }, TimeSpan.FromSeconds(10)));
        await using (var db = database.Context())
        {
            Assert.Equal(2, await db.MailOutbox.CountAsync());
        }
        await harness.Stop();
    }

    [Fact]
    public void The_go_live_mail_renders_every_value_on_the_public_origin()
    {
        var mail = IdentityMail.Composer().Compose("go-live", "fan@example.com", new Dictionary<string, string>
        {
            ["name"] = "Fan", ["channel"] = "Night Owl", ["title"] = "Late show", ["startedAt"] = "2026-11-28 12:00 UTC",
            ["link"] = $"{IdentityMail.PublicOrigin}/night-owl", ["settingsLink"] = $"{IdentityMail.PublicOrigin}/settings",
        }, $"{IdentityMail.PublicOrigin}/api/notifications/unsubscribe?token=t");
        Assert.IsType<OutboundMail>(mail);
        Assert.DoesNotContain("{{", mail.TextBody + mail.HtmlBody + mail.Subject);
        Assert.Contains($"{IdentityMail.PublicOrigin}/settings", mail.TextBody);
    }

    private static async Task<User> VerifiedAsync(IdentityDatabase database, User user)
    {
        await using var db = database.Context();
        var tracked = await db.Users.SingleAsync(u => u.Id == user.Id);
        Assert.True(tracked.ConfirmEmail(tracked.Email, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return tracked;
    }
}
