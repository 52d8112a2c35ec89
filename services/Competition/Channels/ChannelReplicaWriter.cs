using Microsoft.EntityFrameworkCore;
using AeThexLive.Messaging;

namespace AeThexLive.Competition.Channels;

/// <summary>
/// Keeps <c>channel_replicas</c> in step with Streaming, one upsert per event. Events arrive in
/// any order (two queues, retries): each change carries Streaming's own time, and an older
/// one never overwrites a newer one, for the names and for the live flag separately.
/// </summary>
public static class ChannelReplicaWriter
{
    public static Task<int> ApplyDetailsAsync(DbContext db, Guid channelId, Guid ownerId, string slug, string name, DateTime changedAt,
        CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO channel_replicas (channel_id, owner_id, slug, name, is_live, live_changed_at, updated_at)
            VALUES ({channelId}, {ownerId}, {slug}, {name}, FALSE, NULL, {SqlTimestamp.Of(changedAt, "at")})
            ON CONFLICT (channel_id) DO UPDATE
            SET owner_id = excluded.owner_id, slug = excluded.slug, name = excluded.name, updated_at = excluded.updated_at
            WHERE channel_replicas.updated_at <= excluded.updated_at
            """, cancellationToken);

    /// <summary>A stream started or ended; a channel not seen yet is created from what the event says about it.</summary>
    public static Task<int> ApplyLiveAsync(DbContext db, Guid channelId, Guid ownerId, string slug, string name, bool isLive, DateTime changedAt,
        CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO channel_replicas (channel_id, owner_id, slug, name, is_live, live_changed_at, updated_at)
            VALUES ({channelId}, {ownerId}, {slug}, {name}, {isLive}, {SqlTimestamp.Of(changedAt, "at")}, {SqlTimestamp.Of(DateTime.UnixEpoch, "known")})
            ON CONFLICT (channel_id) DO UPDATE
            SET is_live = excluded.is_live, live_changed_at = excluded.live_changed_at
            WHERE channel_replicas.live_changed_at IS NULL OR channel_replicas.live_changed_at <= excluded.live_changed_at
            """, cancellationToken);
}
