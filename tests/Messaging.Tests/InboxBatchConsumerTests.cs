using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Tests;

/// <summary>
/// A batch of messages applied in one transaction, each message once, against a real PostgreSQL:
/// the effect (here an outbox row per message) and the inbox record commit together.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InboxBatchConsumerTests(LocalPostgres postgres)
{
    private sealed record Tip(string Name);

    /// <summary>Writes one event per new message; can be told to fail on one, and records what it pushed after each commit.</summary>
    private sealed class TipConsumer(ReplicaDbContext db, string? failOn = null) : InboxBatchConsumer<Tip, ReplicaDbContext>(db)
    {
        public List<string> Pushed { get; } = [];

        protected override Task HandleAsync(IReadOnlyList<Tip> messages, CancellationToken cancellationToken)
        {
            foreach (var tip in messages)
            {
                if (tip.Name == failOn) throw new InvalidOperationException("the handler failed");
                Db.AddEvent(tip);
            }
            return Task.CompletedTask;
        }

        protected override Task AfterCommitAsync(IReadOnlyList<Tip> messages, CancellationToken cancellationToken)
        {
            Pushed.AddRange(messages.Select(m => m.Name));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_message_twice_in_a_batch_and_again_in_a_later_batch_has_one_effect()
    {
        var connectionString = await NewDatabaseAsync();
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var db = ReplicaDbContext.Open(connectionString);
        var consumer = new TipConsumer(db);

        await consumer.ConsumeAsync([(a, new Tip("a")), (b, new Tip("b")), (a, new Tip("a"))], default);
        await consumer.ConsumeAsync([(b, new Tip("b")), (c, new Tip("c")), (a, new Tip("a"))], default);
        await consumer.ConsumeAsync([(c, new Tip("c"))], default);

        Assert.Equal(["a", "b", "c"], consumer.Pushed);
        Assert.Equal(3, await db.OutboxMessages.CountAsync());
        Assert.Equal(3, await db.ProcessedMessages.CountAsync(m => m.Consumer == nameof(TipConsumer)));
    }

    [Fact]
    public async Task A_failing_batch_leaves_nothing_behind_and_its_retry_applies_every_message()
    {
        var connectionString = await NewDatabaseAsync();
        List<(Guid, Tip)> batch = [(Guid.NewGuid(), new Tip("a")), (Guid.NewGuid(), new Tip("boom")), (Guid.NewGuid(), new Tip("c"))];
        await using var db = ReplicaDbContext.Open(connectionString);
        var failing = new TipConsumer(db, failOn: "boom");

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.ConsumeAsync(batch, default));
        Assert.Empty(failing.Pushed);
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(0, await db.ProcessedMessages.CountAsync());

        var retry = new TipConsumer(db);
        await retry.ConsumeAsync(batch, default);
        Assert.Equal(["a", "boom", "c"], retry.Pushed);
        Assert.Equal(3, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task Overlapping_batches_on_two_connections_apply_each_message_once()
    {
        var connectionString = await NewDatabaseAsync();
        var ids = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        var consumers = new List<TipConsumer>();
        // Eight deliveries of overlapping, differently ordered slices of the same sixty messages at once.
        var deliveries = Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = ReplicaDbContext.Open(connectionString);
            var consumer = new TipConsumer(db);
            lock (consumers) consumers.Add(consumer);
            var slice = ids.Skip(i * 5).Take(30).Select(id => (id, new Tip(id.ToString()))).ToList();
            if (i % 2 == 1) slice.Reverse();
            await consumer.ConsumeAsync(slice, default);
        });
        await Task.WhenAll(deliveries);

        var pushed = consumers.SelectMany(c => c.Pushed).ToList();
        Assert.Equal(pushed.Count, pushed.Distinct().Count());
        await using var check = ReplicaDbContext.Open(connectionString);
        var covered = Enumerable.Range(0, 8).SelectMany(i => ids.Skip(i * 5).Take(30)).Distinct().Count();
        Assert.Equal(covered, pushed.Count);
        Assert.Equal(covered, await check.OutboxMessages.CountAsync());
    }

    private async Task<string> NewDatabaseAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync("inbox_batches");
        await using var db = ReplicaDbContext.Open(connectionString);
        await db.Database.EnsureCreatedAsync();
        return connectionString;
    }
}
