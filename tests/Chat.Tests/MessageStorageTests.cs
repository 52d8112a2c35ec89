using System.Data.Common;
using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Contracts.Chat;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AeThexLive.Chat.Tests;

/// <summary>
/// A chat message and its ChatMessagePosted event are stored in one round trip (the send path
/// waits on it for every message), and still together or not at all.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MessageStorageTests(LocalPostgres postgres)
{
    [Fact]
    public async Task A_message_and_its_event_are_saved_in_one_round_trip_without_an_explicit_transaction()
    {
        var connectionString = await MigratedDatabaseAsync();
        var commands = new CommandCounter();
        await using var db = Context(connectionString, commands);

        var message = AddMessageWithEvent(db);
        await db.SaveNewRowsAsync(CancellationToken.None);

        Assert.Equal(1, commands.Executed);
        Assert.Equal(0, commands.TransactionsStarted);
        await using var check = Context(connectionString);
        Assert.True(await check.ChatMessages.AnyAsync(m => m.Id == message.Id));
        Assert.Equal(1, await check.OutboxMessages.CountAsync());
    }

    // Whichever statement of the batch fails (EF picks their order), neither row stays.
    [Theory]
    [InlineData("outbox_messages", "message_type = 'nothing'")]
    [InlineData("chat_messages", "message = 'nothing'")]
    public async Task When_either_row_cannot_be_stored_neither_is(string table, string condition)
    {
        var connectionString = await MigratedDatabaseAsync();
        await DatabaseInspection.ExecuteAsync(connectionString, $"ALTER TABLE {table} ADD CONSTRAINT refuse_everything CHECK ({condition})");
        await using var db = Context(connectionString);

        AddMessageWithEvent(db);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveNewRowsAsync(CancellationToken.None));

        await using var check = Context(connectionString);
        Assert.Equal(0, await check.ChatMessages.CountAsync());
        Assert.Equal(0, await check.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task Changes_to_existing_rows_still_get_a_transaction()
    {
        var connectionString = await MigratedDatabaseAsync();
        await using (var seed = Context(connectionString))
        {
            AddMessageWithEvent(seed);
            await seed.SaveChangesAsync();
        }
        var commands = new CommandCounter();
        await using var db = Context(connectionString, commands);

        var message = await db.ChatMessages.SingleAsync();
        message.Delete();
        db.AddEvent(new ChatMessageDeleted(message.Id, message.StreamId, Guid.NewGuid(), DateTime.UtcNow));
        await db.SaveNewRowsAsync(CancellationToken.None);

        Assert.Equal(1, commands.TransactionsStarted);
    }

    private static ChatMessage AddMessageWithEvent(ChatDbContext db)
    {
        var message = new ChatMessage(Guid.CreateVersion7(), Guid.NewGuid(), Guid.NewGuid(), "hello", DateTime.UtcNow);
        db.ChatMessages.Add(message);
        db.AddEvent(new ChatMessagePosted(message.Id, message.StreamId, Guid.NewGuid(), message.UserId, message.CreatedAt));
        return message;
    }

    private async Task<string> MigratedDatabaseAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync($"chat_storage_{Guid.NewGuid():N}"[..30]);
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    private static ChatDbContext Context(string connectionString, CommandCounter? counter = null)
    {
        var options = new DbContextOptionsBuilder<ChatDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention();
        if (counter is not null) options.AddInterceptors(counter);
        return new ChatDbContext(options.Options);
    }

    /// <summary>Counts the round trips SaveChanges makes: commands sent and transactions begun.</summary>
    private sealed class CommandCounter : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public int Executed { get; private set; }
        public int TransactionsStarted { get; private set; }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Executed++;
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Executed++;
            return ValueTask.FromResult(result);
        }

        public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
        {
            TransactionsStarted++;
            return ValueTask.FromResult(result);
        }
    }
}
