using AeThexLive.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace AeThexLive.TestSupport;

/// <summary>
/// What every service's database must show, run against a real PostgreSQL: its migrations
/// create exactly its slice of schema.sql (plus outbox and inbox) with schema.sql's indexes,
/// and replicas starting together apply them once.
/// </summary>
public abstract class ServiceSliceTests<TDbContext>(LocalPostgres postgres) where TDbContext : MessagingDbContext
{
    protected LocalPostgres Postgres { get; } = postgres;

    /// <summary>The Aspire database name, e.g. "chatdb".</summary>
    protected abstract string DatabaseName { get; }

    /// <summary>Indexes schema.sql names for this slice, by table.</summary>
    protected abstract IReadOnlyDictionary<string, string[]> SchemaIndexes { get; }

    protected TDbContext CreateContext(string connectionString) =>
        (TDbContext)Activator.CreateInstance(typeof(TDbContext), new DbContextOptionsBuilder<TDbContext>()
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .Options)!;

    protected async Task<string> MigratedDatabaseAsync()
    {
        var connectionString = await Postgres.CreateDatabaseAsync(DatabaseName.Replace("db", ""));
        await using var db = CreateContext(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    [Fact]
    public async Task Migrations_create_exactly_the_slice_tables()
    {
        var connectionString = await MigratedDatabaseAsync();
        Assert.Equal(SliceTables.Of(DatabaseName), await DatabaseInspection.TablesAsync(connectionString));
    }

    [Fact]
    public async Task Migrations_create_the_indexes_schema_sql_names()
    {
        var connectionString = await MigratedDatabaseAsync();
        foreach (var (table, indexes) in SchemaIndexes)
        {
            var actual = await DatabaseInspection.IndexesAsync(connectionString, table);
            foreach (var index in indexes) Assert.Contains(index, actual);
        }
    }

    [Fact]
    public async Task Replicas_starting_together_create_the_database_and_apply_each_migration_once()
    {
        var name = $"{DatabaseName.Replace("db", "")}_race_{Guid.NewGuid():N}"[..30];
        var connectionString = Postgres.ConnectionString(name);
        var hosts = Enumerable.Range(0, 3).Select(_ =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddDbContext<TDbContext>(options => options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
            return builder.Build();
        }).ToList();

        await Task.WhenAll(hosts.Select(host => host.MigrateDatabaseAsync<TDbContext>()));

        await using var db = CreateContext(connectionString);
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Equal(applied.Count, await DatabaseInspection.ScalarAsync<long>(connectionString, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        foreach (var host in hosts) host.Dispose();
    }
}
