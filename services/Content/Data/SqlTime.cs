using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Content.Data;

/// <summary>
/// A UTC time as a parameter of raw SQL against our TIMESTAMP (without time zone) columns. EF's
/// converters do not touch raw SQL parameters, and its default mapping for DateTime is timestamptz,
/// which PostgreSQL would compare through the session's time zone.
/// </summary>
internal static class SqlTime
{
    public static NpgsqlParameter Of(DateTime utc) => new()
    {
        NpgsqlDbType = NpgsqlDbType.Timestamp,
        Value = DateTime.SpecifyKind(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc, DateTimeKind.Unspecified),
    };
}
