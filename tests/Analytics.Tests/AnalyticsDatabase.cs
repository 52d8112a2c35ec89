using System.Text.Json;
using AeThexLive.Analytics.Data;
using AeThexLive.Analytics.Ingest;
using AeThexLive.Analytics.Rollups;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AeThexLive.Analytics.Tests;

/// <summary>A freshly migrated analyticsdb of a test's own, with Analytics' batch writer and rollup wired to it as the service wires them.</summary>
internal sealed class AnalyticsDatabase(string connectionString, ServiceProvider services) : IAsyncDisposable
{
    public string ConnectionString => connectionString;

    public static async Task<AnalyticsDatabase> CreateAsync(LocalPostgres postgres, Action<AnalyticsOptions>? configure = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("analytics");
        var services = new ServiceCollection()
            .AddDbContext<AnalyticsDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention())
            .AddMetrics()
            .AddScoped<FactWriter>()
            .AddScoped<RollupRunner>()
            .AddSingleton<RollupSignal>();
        services.AddOptions<AnalyticsOptions>().Configure(o => configure?.Invoke(o));
        var database = new AnalyticsDatabase(connectionString, services.BuildServiceProvider());
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        return database;
    }

    public AnalyticsDbContext Context() =>
        new(new DbContextOptionsBuilder<AnalyticsDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);

    /// <summary>One batch, as one batch consumer writes it; returns how many facts were new.</summary>
    public async Task<int> WriteAsync(FactBatch batch)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FactWriter>().WriteAsync(batch, default);
    }

    /// <summary>What the rollup worker does when signalled: passes until no bucket is dirty.</summary>
    public async Task RollUpAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<RollupRunner>();
        while (await runner.RecomputeDirtyAsync(default) > 0) { }
    }

    public async Task<RebuildResult> RebuildAsync()
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RollupRunner>().RebuildAsync(default);
    }

    /// <summary>Every rollup row, every column but the bookkeeping times, as text to compare whole.</summary>
    public async Task<IReadOnlyList<string>> RollupRowsAsync()
    {
        var rows = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (table, order) in new[] { ("stream_analytics", "stream_id, hour_timestamp"), ("channel_analytics", "channel_id, date"),
                     ("stream_totals", "stream_id") })
        {
            await using var command = new NpgsqlCommand(
                $"SELECT row_to_json(r)::text FROM (SELECT * FROM {table} ORDER BY {order}) r", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(reader.GetString(0))!;
                row.Remove("created_at");
                row.Remove("updated_at");
                rows.Add($"{table} {JsonSerializer.Serialize(row)}");
            }
        }
        return rows;
    }

    public Task<long> CountAsync(string table) =>
        DatabaseInspection.ScalarAsync<long>(connectionString, $"SELECT count(*) FROM {table}");

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
