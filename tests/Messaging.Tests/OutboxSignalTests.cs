using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Tests;

/// <summary>
/// What wakes the outbox relay, against a real PostgreSQL: a unit of work that wrote events, once it
/// is committed, and nothing else (a commit without events used to wake it for an empty run that
/// restarted its minimum gap, so the next real event waited behind it).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxSignalTests(LocalPostgres postgres)
{
    private sealed record Tipped(Guid Id);

    [Fact]
    public async Task Saves_and_commits_without_events_do_not_wake_the_relay()
    {
        var (db, signal) = await NewDatabaseAsync();
        await using (db)
        {
            db.ProcessedMessages.Add(Inboxed());
            await db.SaveChangesAsync();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.ProcessedMessages.Add(Inboxed());
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Events_wake_the_relay_once_they_are_committed_and_not_before()
    {
        var (db, signal) = await NewDatabaseAsync();
        await using (db)
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.ProcessedMessages.Add(Inboxed());
                db.AddEvent(new Tipped(Guid.NewGuid()));
                await db.SaveChangesAsync();
                Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
                await transaction.CommitAsync();
            }
            Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

            // Without a transaction of its own, the save is the commit.
            db.AddEvent(new Tipped(Guid.NewGuid()));
            await db.SaveChangesAsync();
            Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

            // The relay marking rows sent is a commit without new events.
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                foreach (var row in await db.OutboxMessages.ToListAsync()) row.MarkSent(DateTime.UtcNow);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }
            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
            Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.SentAt != null));
        }
    }

    [Fact]
    public async Task Events_of_a_rolled_back_transaction_do_not_wake_the_relay_then_or_later()
    {
        var (db, signal) = await NewDatabaseAsync();
        await using (db)
        {
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                db.AddEvent(new Tipped(Guid.NewGuid()));
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            }

            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
            Assert.Equal(0, await db.OutboxMessages.CountAsync());

            // Nor does the context's next commit, which has no events of its own.
            db.ChangeTracker.Clear();
            db.ProcessedMessages.Add(Inboxed());
            await db.SaveChangesAsync();
            Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        }
    }

    /// <summary>An inbox record: what a consumer commits for a delivery that made no events of its own.</summary>
    private static ProcessedMessage Inboxed() => new(Guid.NewGuid(), "tests", DateTime.UtcNow);

    private async Task<(ReplicaDbContext Db, OutboxSignal Signal)> NewDatabaseAsync()
    {
        var signal = new OutboxSignal();
        var options = new DbContextOptionsBuilder<ReplicaDbContext>()
            .UseNpgsql(await postgres.CreateDatabaseAsync("signals")).UseSnakeCaseNamingConvention()
            .AddInterceptors(new OutboxSignalInterceptor(signal)).Options;
        var db = new ReplicaDbContext(options);
        await db.Database.EnsureCreatedAsync();
        return (db, signal);
    }
}
