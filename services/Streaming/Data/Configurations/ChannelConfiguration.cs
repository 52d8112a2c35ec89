using AeThexLive.Streaming.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Streaming.Data.Configurations;

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> channel)
    {
        channel.ToTable("channels");
        channel.HasKey(c => c.Id);
        channel.Property(c => c.Id).ValueGeneratedNever();
        channel.Property(c => c.Name).HasMaxLength(255).IsRequired();
        channel.Property(c => c.Slug).HasMaxLength(255).IsRequired();
        channel.Property(c => c.Category).HasMaxLength(100);
        channel.Property(c => c.Language).HasMaxLength(50);
        channel.Property(c => c.IsLive).HasDefaultValue(false);
        channel.Property(c => c.TotalViews).HasDefaultValue(0L);
        channel.Property(c => c.FollowerCount).HasDefaultValue(0);
        channel.Property(c => c.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        channel.Property(c => c.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        channel.HasIndex(c => c.Slug, "channels_slug_key").IsUnique().HasDatabaseName("channels_slug_key");
        channel.HasIndex(c => c.Slug, "idx_channels_slug").HasDatabaseName("idx_channels_slug");
        channel.HasIndex(c => c.UserId).HasDatabaseName("idx_channels_user_id");
        // schema.sql's idx_streams_is_live names a column streams lacks; the live flag is the channel's.
        channel.HasIndex(c => c.IsLive).HasDatabaseName("idx_channels_is_live");
    }
}

internal sealed class ChannelFollowerConfiguration : IEntityTypeConfiguration<ChannelFollower>
{
    public void Configure(EntityTypeBuilder<ChannelFollower> follower)
    {
        follower.ToTable("followers");
        follower.HasKey(f => new { f.FollowerId, f.ChannelId });
        follower.Property(f => f.FollowDate).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Always written by EF: with a database default of true, false would otherwise be taken for "unset".
        follower.Property(f => f.NotificationEnabled).HasDefaultValue(true).ValueGeneratedNever();
        follower.HasIndex(f => f.ChannelId).HasDatabaseName("idx_followers_channel_id");
        follower.HasIndex(f => f.FollowerId).HasDatabaseName("idx_followers_follower_id");
        // A go-live fan-out walks a channel's followers in follower-id order, a batch at a time.
        follower.HasIndex(f => new { f.ChannelId, f.FollowerId }).IncludeProperties(f => f.NotificationEnabled)
            .HasDatabaseName("ix_followers_channel_follower");
        follower.HasOne<Channel>().WithMany().HasForeignKey(f => f.ChannelId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StreamKeyConfiguration : IEntityTypeConfiguration<StreamKey>
{
    public void Configure(EntityTypeBuilder<StreamKey> key)
    {
        key.ToTable("stream_keys");
        key.HasKey(k => k.ChannelId);
        key.Property(k => k.ChannelId).ValueGeneratedNever();
        key.Property(k => k.KeyHash).HasMaxLength(128).IsRequired();
        key.Property(k => k.EncryptedKey).IsRequired();
        key.Property(k => k.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        key.HasIndex(k => k.KeyHash, "stream_keys_key_hash_key").IsUnique().HasDatabaseName("stream_keys_key_hash_key");
        key.HasOne<Channel>().WithOne().HasForeignKey<StreamKey>(k => k.ChannelId).OnDelete(DeleteBehavior.Restrict);
    }
}
