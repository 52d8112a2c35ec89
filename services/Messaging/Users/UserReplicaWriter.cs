using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Users;

public static class UserReplicaWriter
{
    /// <summary>
    /// Takes a user's names as of <paramref name="changedAt"/> in one statement: the copy is
    /// created, or updated only if it reflects an older change. Events can arrive in any order
    /// (retries, redeliveries, two consumers racing); ordering by Identity's own time means a
    /// late event never rolls a newer copy back, and one upsert means two at once never collide.
    /// </summary>
    public static Task<int> ApplyAsync(
        DbContext db, Guid userId, string username, string? displayName, DateTime changedAt, CancellationToken cancellationToken)
    {
        // user_replicas.updated_at is a TIMESTAMP (without zone) holding UTC, as every time column here.
        var at = SqlTimestamp.Of(changedAt, "changed_at");
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_replicas (user_id, username, display_name, updated_at)
            VALUES ({userId}, {username}, {displayName}, {at})
            ON CONFLICT (user_id) DO UPDATE
            SET username = excluded.username, display_name = excluded.display_name, updated_at = excluded.updated_at
            WHERE user_replicas.updated_at <= excluded.updated_at
            """, cancellationToken);
    }
}
