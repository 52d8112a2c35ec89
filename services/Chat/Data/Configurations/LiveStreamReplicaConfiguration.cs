using AeThexLive.Chat.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Chat.Data.Configurations;

internal sealed class LiveStreamReplicaConfiguration : IEntityTypeConfiguration<LiveStreamReplica>
{
    public void Configure(EntityTypeBuilder<LiveStreamReplica> stream)
    {
        stream.ToTable("stream_replicas");
        stream.HasKey(s => s.StreamId);
        stream.Property(s => s.StreamId).ValueGeneratedNever();
        stream.HasIndex(s => s.ChannelId);
    }
}

internal sealed class ChannelReplicaConfiguration : IEntityTypeConfiguration<ChannelReplica>
{
    public void Configure(EntityTypeBuilder<ChannelReplica> channel)
    {
        channel.ToTable("channel_replicas");
        channel.HasKey(c => c.ChannelId);
        channel.Property(c => c.ChannelId).ValueGeneratedNever();
        channel.Property(c => c.Slug).HasMaxLength(255);
        channel.HasIndex(c => c.Slug).IsUnique();
    }
}

internal sealed class ChatSettingsConfiguration : IEntityTypeConfiguration<ChatSettings>
{
    public void Configure(EntityTypeBuilder<ChatSettings> settings)
    {
        settings.ToTable("chat_settings");
        settings.HasKey(s => s.ChannelId);
        settings.Property(s => s.ChannelId).ValueGeneratedNever();
        settings.Property(s => s.BlockedTerms).HasField("_blockedTerms").UsePropertyAccessMode(PropertyAccessMode.Field).HasColumnType("text[]");
    }
}

internal sealed class ChannelFollowerReplicaConfiguration : IEntityTypeConfiguration<ChannelFollowerReplica>
{
    public void Configure(EntityTypeBuilder<ChannelFollowerReplica> follower)
    {
        follower.ToTable("channel_follower_replicas");
        follower.HasKey(f => new { f.ChannelId, f.UserId });
    }
}

internal sealed class SubscriberReplicaConfiguration : IEntityTypeConfiguration<SubscriberReplica>
{
    public void Configure(EntityTypeBuilder<SubscriberReplica> subscriber)
    {
        subscriber.ToTable("subscriber_replicas");
        subscriber.HasKey(s => new { s.ChannelId, s.UserId });
        subscriber.Property(s => s.Tier).HasMaxLength(50);
        subscriber.Ignore(s => s.BadgeTier);
    }
}
