using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AeThexLive.Messaging;

public static partial class DatabaseMigrator
{
    /// <summary>
    /// Creates the database if needed and applies pending migrations before the service takes
    /// traffic. Replicas starting together serialise on an advisory lock held in the server's
    /// maintenance database, so exactly one applies each migration.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TDbContext>(this IHost app, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var target = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var databaseName = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };

        await using var lockConnection = await OpenWithRetryAsync(maintenance.ConnectionString, logger, cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('migrate:' || @db))", lockConnection))
        {
            take.Parameters.AddWithValue("db", databaseName);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogApplying(logger, databaseName, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        // Closing the lock connection releases the lock.
    }

    private static async Task<NpgsqlConnection> OpenWithRetryAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var connection = new NpgsqlConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return connection;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && DateTime.UtcNow < deadline)
            {
                await connection.DisposeAsync();
                LogWaiting(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying migrations to {Database}: {Migrations}")]
    private static partial void LogApplying(ILogger logger, string database, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for PostgreSQL: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
