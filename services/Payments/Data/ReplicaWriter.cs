using Microsoft.EntityFrameworkCore;
using AeThexLive.Messaging;

namespace AeThexLive.Payments.Data;

/// <summary>
/// Takes other services' facts (a channel's slug and owner, a chat ban) in one statement each: created, or moved
/// only by a change made later than the one the copy reflects. Events arrive in any order (retries, redeliveries),
/// and ordering by the origin's own time means a late event never rolls a newer copy back.
/// </summary>
public static class ReplicaWriter
{
    public static Task<int> ApplyChannelAsync(
        PaymentsDbContext db, Guid channelId, Guid ownerId, string slug, string name, DateTime changedAt, CancellationToken cancellationToken)
    {
        var at = SqlTimestamp.Of(changedAt, "changed_at");
        var normalizedSlug = slug.ToLowerInvariant();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO channel_replicas (channel_id, owner_id, slug, name, updated_at)
            VALUES ({channelId}, {ownerId}, {normalizedSlug}, {name}, {at})
            ON CONFLICT (channel_id) DO UPDATE
            SET owner_id = excluded.owner_id, slug = excluded.slug, name = excluded.name, updated_at = excluded.updated_at
            WHERE channel_replicas.updated_at <= excluded.updated_at
            """, cancellationToken);
    }

    /// <summary>A ban (<paramref name="until"/> null: for good) or, with <paramref name="lifted"/>, its end.</summary>
    public static Task<int> ApplyBanAsync(
        PaymentsDbContext db, Guid channelId, Guid userId, DateTime? until, bool lifted, DateTime changedAt, CancellationToken cancellationToken)
    {
        var at = SqlTimestamp.Of(changedAt, "changed_at");
        var bannedUntil = SqlTimestamp.Of(until, "banned_until");
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO channel_bans (channel_id, user_id, banned_until, is_lifted, changed_at)
            VALUES ({channelId}, {userId}, {bannedUntil}, {lifted}, {at})
            ON CONFLICT (channel_id, user_id) DO UPDATE
            SET banned_until = excluded.banned_until, is_lifted = excluded.is_lifted, changed_at = excluded.changed_at
            WHERE channel_bans.changed_at <= excluded.changed_at
            """, cancellationToken);
    }
}
