using System.Text.Json;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using AeThexLive.Streaming.Live;
using AeThexLive.Streaming.Notifications;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Tests;

[Collection(PostgresCollection.Name)]
public sealed class GoLiveFanoutTests(LocalPostgres postgres)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly UnsubscribeTokens Tokens = new(Options.Create(new IngestOptions { StreamKeyEncryptionKey = "a test secret of some length" }));

    [Fact]
    public async Task Every_follower_is_notified_once_in_batches_and_only_bells_that_are_on_ask_for_email()
    {
        var connectionString = await postgres.CreateDatabaseAsync("streaming");
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        var now = new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
        var channel = new Channel(Guid.NewGuid(), Guid.NewGuid(), "Night Owl", "night-owl", null, null, "en", now);
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        // 2,500 followers, every fifth with the bell off.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO followers (follower_id, channel_id, follow_date, notification_enabled)
            SELECT gen_random_uuid(), {channel.Id}, now(), i % 5 <> 0 FROM generate_series(1, 2500) AS i
            """);
        var bellOn = await db.Followers.CountAsync(f => f.NotificationEnabled);
        var streamId = Guid.CreateVersion7();
        db.GoLiveFanouts.Add(new GoLiveFanout(streamId, channel.Id, channel.Slug, channel.Name, "Late show", now));
        await db.SaveChangesAsync();

        var batches = await RunToEndAsync(connectionString, streamId);

        Assert.Equal(3, batches);
        Assert.Equal(2500, await db.Notifications.CountAsync(n => n.StreamId == streamId));
        Assert.Equal(2500, await db.Notifications.Select(n => n.UserId).Distinct().CountAsync());
        var notified = await EventsAsync<FollowersNotified>(db);
        Assert.Equal(3, notified.Count);
        Assert.Equal(2500, notified.SelectMany(e => e.Followers).Select(f => f.UserId).Distinct().Count());
        var emails = await EventsAsync<GoLiveEmailsDue>(db);
        var recipients = emails.SelectMany(e => e.Recipients).ToList();
        Assert.Equal(bellOn, recipients.Count);
        var bellOff = await db.Followers.Where(f => !f.NotificationEnabled).Select(f => f.FollowerId).ToListAsync();
        Assert.DoesNotContain(recipients, r => bellOff.Contains(r.UserId));
        Assert.All(recipients, r =>
        {
            Assert.True(Tokens.TryRead(r.UnsubscribeToken, out var user, out var channelId));
            Assert.Equal((r.UserId, channel.Id), (user, channelId));
        });
        var fanout = await db.GoLiveFanouts.AsNoTracking().SingleAsync();
        Assert.Equal(2500, fanout.Notified);
        Assert.NotNull(fanout.CompletedAt);

        // The same broadcast fanned out again from the start (a crash before the progress was kept) notifies nobody twice.
        await db.GoLiveFanouts.ExecuteUpdateAsync(set => set.SetProperty(f => f.CompletedAt, (DateTime?)null).SetProperty(f => f.AfterFollowerId, Guid.Empty));
        await RunToEndAsync(connectionString, streamId);
        Assert.Equal(2500, await db.Notifications.CountAsync());
        Assert.Equal(3, (await EventsAsync<FollowersNotified>(db)).Count);
        Assert.Equal(emails.Count, (await EventsAsync<GoLiveEmailsDue>(db)).Count);
    }

    [Fact]
    public async Task A_channel_nobody_follows_completes_its_fanout_without_events()
    {
        var connectionString = await postgres.CreateDatabaseAsync("streaming");
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        var now = DateTime.UtcNow;
        var channel = new Channel(Guid.NewGuid(), Guid.NewGuid(), "Lonely", "lonely", null, null, null, now);
        db.Channels.Add(channel);
        var streamId = Guid.CreateVersion7();
        db.GoLiveFanouts.Add(new GoLiveFanout(streamId, channel.Id, channel.Slug, channel.Name, "Anyone?", now));
        await db.SaveChangesAsync();

        Assert.Equal(1, await RunToEndAsync(connectionString, streamId));
        Assert.NotNull((await db.GoLiveFanouts.AsNoTracking().SingleAsync()).CompletedAt);
        Assert.Empty(await db.OutboxMessages.ToListAsync());
    }

    [Fact]
    public void An_unsubscribe_token_names_its_follower_and_channel_and_a_changed_one_is_refused()
    {
        var (user, channel) = (Guid.NewGuid(), Guid.NewGuid());
        var token = Tokens.Issue(user, channel);
        Assert.True(Tokens.TryRead(token, out var readUser, out var readChannel));
        Assert.Equal((user, channel), (readUser, readChannel));

        var tampered = (token[0] == 'A' ? "B" : "A") + token[1..];
        Assert.False(Tokens.TryRead(tampered, out _, out _));
        Assert.False(Tokens.TryRead(token[..^1], out _, out _));
        Assert.False(Tokens.TryRead("not a token at all!", out _, out _));
        Assert.False(Tokens.TryRead(null, out _, out _));
        var otherSecret = new UnsubscribeTokens(Options.Create(new IngestOptions { StreamKeyEncryptionKey = "another secret of some length" }));
        Assert.False(otherSecret.TryRead(token, out _, out _));
    }

    private static async Task<int> RunToEndAsync(string connectionString, Guid streamId)
    {
        var batches = 0;
        bool more;
        do
        {
            await using var db = Context(connectionString);
            var fanout = new FollowerFanout(db, Tokens, Options.Create(new NotificationOptions { BatchSize = 1000 }), TimeProvider.System);
            more = await fanout.RunBatchAsync(streamId, CancellationToken.None);
            batches++;
        }
        while (more);
        return batches;
    }

    private static async Task<List<T>> EventsAsync<T>(StreamingDbContext db) =>
        (await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(T).FullName + ",")).ToListAsync())
        .Select(m => JsonSerializer.Deserialize<T>(m.Payload, Json)!).ToList();

    private static StreamingDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<StreamingDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
