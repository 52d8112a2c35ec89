using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Messaging;

/// <summary>
/// Every time column in the platform is a TIMESTAMP (without time zone) holding UTC. EF's value
/// converter (<see cref="MessagingDbContext"/>) takes care of mapped properties; raw SQL needs its
/// parameters typed here, because Npgsql sends a bare DateTime as timestamptz, which refuses a UTC
/// time without its Kind and would otherwise be compared through the session's time zone.
/// </summary>
public static class SqlTimestamp
{
    /// <summary>The value a TIMESTAMP column stores for <paramref name="utc"/>: a local time converted, any other taken as UTC.</summary>
    public static DateTime Stored(DateTime utc) =>
        DateTime.SpecifyKind(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc, DateTimeKind.Unspecified);

    /// <summary>A TIMESTAMP parameter for raw SQL; null becomes SQL NULL.</summary>
    public static NpgsqlParameter Of(DateTime? utc, string name = "") =>
        new(name, NpgsqlDbType.Timestamp) { Value = utc is { } value ? Stored(value) : DBNull.Value };
}
