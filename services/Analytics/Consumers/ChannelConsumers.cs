using AeThexLive.Analytics.Data;
using AeThexLive.Analytics.Ingest;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Analytics.Consumers;

/// <summary>A new channel: its owner may read its analytics.</summary>
public sealed class ChannelCreatedConsumer(AnalyticsDbContext db) : InboxConsumer<ChannelCreated, AnalyticsDbContext>(db)
{
    protected override Task HandleAsync(ChannelCreated message, ConsumeContext<ChannelCreated> context) =>
        ChannelCopy.ApplyAsync(Db, message.ChannelId, message.OwnerId, message.Slug, message.Name, message.CreatedAt, context.CancellationToken);
}

/// <summary>A channel's slug, name or owner changed.</summary>
public sealed class ChannelUpdatedConsumer(AnalyticsDbContext db) : InboxConsumer<ChannelUpdated, AnalyticsDbContext>(db)
{
    protected override Task HandleAsync(ChannelUpdated message, ConsumeContext<ChannelUpdated> context) =>
        ChannelCopy.ApplyAsync(Db, message.ChannelId, message.OwnerId, message.Slug, message.Name, message.UpdatedAt, context.CancellationToken);
}

internal static class ChannelCopy
{
    /// <summary>Inserts or updates the copy, unless it already holds a newer version (events may arrive out of order).</summary>
    public static Task ApplyAsync(AnalyticsDbContext db, Guid channelId, Guid ownerId, string slug, string name, DateTime at,
        CancellationToken cancellationToken)
    {
        var stored = SqlTimestamp.Of(at, "updated_at");
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO channel_replicas (channel_id, owner_id, slug, name, updated_at)
            VALUES ({channelId}, {ownerId}, {slug}, {name}, {stored})
            ON CONFLICT (channel_id) DO UPDATE SET owner_id = excluded.owner_id, slug = excluded.slug, name = excluded.name,
                updated_at = excluded.updated_at
            WHERE channel_replicas.updated_at < excluded.updated_at
            """, cancellationToken);
    }
}
