using AeThexLive.Competition.Domain.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Competition.Data.Configurations;

internal sealed class ChannelReplicaConfiguration : IEntityTypeConfiguration<ChannelReplica>
{
    public void Configure(EntityTypeBuilder<ChannelReplica> channel)
    {
        channel.ToTable("channel_replicas");
        channel.HasKey(c => c.ChannelId);
        channel.Property(c => c.ChannelId).ValueGeneratedNever();
        channel.Property(c => c.Slug).HasMaxLength(255);
        channel.Property(c => c.Name).HasMaxLength(255);
        channel.HasIndex(c => c.Slug).HasDatabaseName("idx_channel_replicas_slug");
    }
}
