using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AeThexLive.Messaging.Tests;

/// <summary>
/// The connections a service's DbContext gets from <see cref="MessagingRegistration.AddServiceDatabase{TDbContext}"/>,
/// against a real PostgreSQL: they skip Npgsql's reset on reopen, and a connection given back in the middle of a
/// transaction still comes back clean (the transaction rolled back, its locks gone).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServiceDatabaseTests(LocalPostgres postgres)
{
    [Fact]
    public async Task A_connection_given_back_mid_transaction_comes_back_clean_without_the_reset()
    {
        var connectionString = await postgres.CreateDatabaseAsync("pooled");
        using var host = Host(connectionString);
        const long Lock = 4_242;

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReplicaDbContext>();
            await db.Database.EnsureCreatedAsync();
            Assert.True(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).NoResetOnClose);

            // A request that fails half-way: its transaction holds a lock and a row, and is never committed.
            var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Lock})");
            db.ProcessedMessages.Add(new ProcessedMessage(Guid.NewGuid(), "tests", DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReplicaDbContext>();
            Assert.Equal(0, await db.ProcessedMessages.CountAsync());
        }
        // Another session can take the lock: the rollback released it (an advisory lock is re-entrant in its own session).
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({Lock})", other);
        Assert.True((bool)(await take.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_connection_string_that_asks_for_the_reset_keeps_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync("reset") + ";No Reset On Close=false";
        using var host = Host(connectionString);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReplicaDbContext>();
        Assert.False(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).NoResetOnClose);
    }

    [Fact]
    public async Task A_save_inside_a_transaction_takes_no_savepoint_so_a_failed_save_ends_the_transaction()
    {
        var connectionString = await postgres.CreateDatabaseAsync("savepoints");
        using var host = Host(connectionString);
        var messageId = Guid.NewGuid();
        Guid? pooledInstance = null;
        for (var request = 0; request < 2; request++)
        {
            // The second time on the same pooled context, which EF resets to its defaults when it returns to the pool.
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReplicaDbContext>();
            Assert.Equal(pooledInstance ?? db.ContextId.InstanceId, db.ContextId.InstanceId);
            pooledInstance = db.ContextId.InstanceId;
            if (request == 0)
            {
                await db.Database.EnsureCreatedAsync();
                db.ProcessedMessages.Add(new ProcessedMessage(messageId, "tests", DateTime.UtcNow));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.False(db.Database.AutoSavepointsEnabled);
            db.ProcessedMessages.Add(new ProcessedMessage(messageId, "tests", DateTime.UtcNow));
            var duplicate = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(duplicate.IsUniqueViolation("processed_messages"));
            // With EF's automatic savepoint the failed save would have been rolled back alone and this query would run.
            var aborted = await Assert.ThrowsAsync<PostgresException>(() => db.ProcessedMessages.CountAsync());
            Assert.Equal(PostgresErrorCodes.InFailedSqlTransaction, aborted.SqlState);
        }
    }

    private static IHost Host(string connectionString)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:servicedb"] = connectionString;
        builder.AddServiceDatabase<ReplicaDbContext>("servicedb");
        return builder.Build();
    }
}
