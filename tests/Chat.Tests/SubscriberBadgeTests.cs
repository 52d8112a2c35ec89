using AeThexLive.Chat.Consumers;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Endpoints;
using AeThexLive.TestSupport;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Tests;

/// <summary>
/// Chat's copy of who subscribes to a channel, against real PostgreSQL: it follows the newest subscription whatever order
/// Payments' events arrive in, and the chat history shows each sender's tier as it is now.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SubscriberBadgeTests(LocalPostgres postgres)
{
    private readonly Guid _channel = Guid.NewGuid();
    private readonly Guid _user = Guid.NewGuid();
    private readonly DateTime _at = new(2026, 11, 28, 7, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task An_ended_subscription_stays_ended_when_its_start_arrives_late_and_a_newer_one_brings_the_badge_back()
    {
        var connectionString = await MigratedDatabaseAsync();
        var first = Guid.CreateVersion7(_at);
        var second = Guid.CreateVersion7(_at.AddDays(40));

        await ApplyAsync(connectionString, first, "basic", ended: true);
        await ApplyAsync(connectionString, first, "basic", ended: false);
        Assert.Null(await BadgeAsync(connectionString));

        await ApplyAsync(connectionString, second, "vip", ended: false);
        await ApplyAsync(connectionString, first, "premium", ended: false);
        Assert.Equal("vip", await BadgeAsync(connectionString));

        await ApplyAsync(connectionString, first, "basic", ended: true);
        Assert.Equal("vip", await BadgeAsync(connectionString));
    }

    [Fact]
    public async Task The_history_shows_each_senders_tier_in_the_channel_and_none_for_a_viewer_without_a_subscription()
    {
        var connectionString = await MigratedDatabaseAsync();
        var stream = Guid.NewGuid();
        var other = Guid.NewGuid();
        await using (var db = Context(connectionString))
        {
            db.StreamReplicas.Add(new LiveStreamReplica(stream, _channel, Guid.NewGuid(), _at));
            db.ChatMessages.Add(new ChatMessage(Guid.CreateVersion7(), stream, _user, "hello from a subscriber", _at));
            db.ChatMessages.Add(new ChatMessage(Guid.CreateVersion7(), stream, other, "hello from a viewer", _at.AddSeconds(1)));
            // A subscription to another channel gives no badge here.
            db.SubscriberReplicas.Add(new SubscriberReplica(other, Guid.NewGuid(), Guid.CreateVersion7(), "vip", ended: false, _at));
            await db.SaveChangesAsync();
        }
        await ApplyAsync(connectionString, Guid.CreateVersion7(_at), "premium", ended: false);

        await using var read = Context(connectionString);
        var page = Assert.IsType<Ok<ChatHistoryPage>>((await ChatApi.HistoryAsync(stream, null, null, read, CancellationToken.None)).Result);

        Assert.Equal(["hello from a viewer:", "hello from a subscriber:premium"], page.Value!.Items.Select(m => $"{m.Message}:{m.SubscriberTier}"));
    }

    private async Task ApplyAsync(string connectionString, Guid subscriptionId, string tier, bool ended)
    {
        await using var db = Context(connectionString);
        await SubscriberBadges.ApplyAsync(db, subscriptionId, _user, _channel, tier, ended, _at, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    private async Task<string?> BadgeAsync(string connectionString)
    {
        await using var db = Context(connectionString);
        var row = await db.SubscriberReplicas.AsNoTracking().SingleAsync(s => s.ChannelId == _channel && s.UserId == _user);
        return row.BadgeTier;
    }

    private async Task<string> MigratedDatabaseAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync($"chat_badges_{Guid.NewGuid():N}"[..30]);
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    private static ChatDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
