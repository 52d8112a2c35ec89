using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AeThexLive.Messaging;

public static class DbErrors
{
    /// <summary>
    /// The save broke a unique constraint (on <paramref name="table"/>, if given): a concurrent
    /// request wrote the same row first. Callers answer 409 or retry instead of failing with 500.
    /// </summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? table = null) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres
        && (table is null || postgres.TableName == table);
}
