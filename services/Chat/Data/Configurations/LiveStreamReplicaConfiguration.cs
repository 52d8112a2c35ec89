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
