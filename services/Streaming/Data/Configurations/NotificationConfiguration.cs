using AeThexLive.Streaming.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Streaming.Data.Configurations;

internal sealed class FollowerNotificationConfiguration : IEntityTypeConfiguration<FollowerNotification>
{
    public void Configure(EntityTypeBuilder<FollowerNotification> notification)
    {
        notification.ToTable("notifications");
        notification.HasKey(n => n.Id);
        notification.Property(n => n.Id).ValueGeneratedNever();
        notification.Property(n => n.Kind).HasMaxLength(30);
        notification.Property(n => n.ChannelSlug).HasMaxLength(255);
        notification.Property(n => n.ChannelName).HasMaxLength(255);
        notification.Property(n => n.Title).HasMaxLength(255);
        // The fan-out inserts with ON CONFLICT on this key: one notification per follower and broadcast.
        notification.HasIndex(n => new { n.UserId, n.StreamId }).IsUnique().HasDatabaseName("ux_notifications_user_stream");
        // A user's list, newest first, and their unread count.
        notification.HasIndex(n => new { n.UserId, n.CreatedAt, n.Id }).IsDescending(false, true, true).HasDatabaseName("ix_notifications_user_newest");
        notification.HasIndex(n => n.UserId).HasFilter("read_at IS NULL").HasDatabaseName("ix_notifications_unread");
    }
}

internal sealed class GoLiveFanoutConfiguration : IEntityTypeConfiguration<GoLiveFanout>
{
    public void Configure(EntityTypeBuilder<GoLiveFanout> fanout)
    {
        fanout.ToTable("go_live_fanouts");
        fanout.HasKey(f => f.StreamId);
        fanout.Property(f => f.StreamId).ValueGeneratedNever();
        fanout.Property(f => f.ChannelSlug).HasMaxLength(255);
        fanout.Property(f => f.ChannelName).HasMaxLength(255);
        fanout.Property(f => f.Title).HasMaxLength(255);
        fanout.HasIndex(f => f.StartedAt).HasFilter("completed_at IS NULL").HasDatabaseName("ix_go_live_fanouts_pending");
    }
}
