using Npgsql;

namespace AeThexLive.TestSupport;

public static class DatabaseInspection
{
    /// <summary>The user tables of the public schema, EF's migration history excluded.</summary>
    public static async Task<SortedSet<string>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '__EFMigrationsHistory'",
            connection);
        await using var reader = await query.ExecuteReaderAsync();
        var tables = new SortedSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    public static async Task<SortedSet<string>> IndexesAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = @t", connection);
        query.Parameters.AddWithValue("t", table);
        await using var reader = await query.ExecuteReaderAsync();
        var indexes = new SortedSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) indexes.Add(reader.GetString(0));
        return indexes;
    }

    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
