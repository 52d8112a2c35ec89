using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Payments.Data.Configurations;

internal sealed class ChannelReplicaConfiguration : IEntityTypeConfiguration<ChannelReplica>
{
    public void Configure(EntityTypeBuilder<ChannelReplica> channel)
    {
        channel.ToTable("channel_replicas");
        channel.HasKey(c => c.ChannelId);
        channel.Property(c => c.ChannelId).ValueGeneratedNever();
        channel.Property(c => c.Slug).HasMaxLength(255).IsRequired();
        channel.Property(c => c.Name).HasMaxLength(255).IsRequired();
        channel.HasIndex(c => c.Slug).HasDatabaseName("idx_channel_replicas_slug");
    }
}

internal sealed class BroadcastReplicaConfiguration : IEntityTypeConfiguration<BroadcastReplica>
{
    public void Configure(EntityTypeBuilder<BroadcastReplica> stream)
    {
        stream.ToTable("stream_replicas");
        stream.HasKey(s => s.StreamId);
        stream.Property(s => s.StreamId).ValueGeneratedNever();
    }
}

internal sealed class ChannelBanConfiguration : IEntityTypeConfiguration<ChannelBan>
{
    public void Configure(EntityTypeBuilder<ChannelBan> ban)
    {
        ban.ToTable("channel_bans");
        ban.HasKey(b => new { b.ChannelId, b.UserId });
    }
}
