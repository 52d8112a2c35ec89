using AeThexLive.Streaming.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stream = AeThexLive.Streaming.Domain.Stream;

namespace AeThexLive.Streaming.Data.Configurations;

internal sealed class StreamConfiguration : IEntityTypeConfiguration<Stream>
{
    public void Configure(EntityTypeBuilder<Stream> stream)
    {
        stream.ToTable("streams");
        stream.HasKey(s => s.Id);
        stream.Property(s => s.Id).ValueGeneratedNever();
        stream.Property(s => s.Title).HasMaxLength(255).IsRequired();
        stream.Property(s => s.Status).HasMaxLength(50).IsRequired();
        stream.Property(s => s.StreamKey).HasMaxLength(255).IsRequired();
        stream.Property(s => s.HlsUrl).HasMaxLength(255);
        stream.Property(s => s.ThumbnailUrl).HasMaxLength(255);
        stream.Property(s => s.ViewerCount).HasDefaultValue(0);
        // Always written by EF: with a database default of true, false would otherwise be taken for "unset".
        stream.Property(s => s.IsArchived).HasDefaultValue(true).ValueGeneratedNever();
        stream.Property(s => s.ArchiveUrl).HasMaxLength(255);
        stream.Property(s => s.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        stream.Property(s => s.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        stream.Ignore(s => s.IsLive);
        stream.HasIndex(s => s.StreamKey, "streams_stream_key_key").IsUnique().HasDatabaseName("streams_stream_key_key");
        stream.HasIndex(s => s.ChannelId, "idx_streams_channel_id").HasDatabaseName("idx_streams_channel_id");
        stream.HasIndex(s => s.Status).HasDatabaseName("idx_streams_status");
        stream.HasOne<Channel>().WithMany().HasForeignKey(s => s.ChannelId).OnDelete(DeleteBehavior.Restrict);
        // Tags belong to the stream: removing one from the collection deletes its row.
        stream.HasMany(s => s.Tags).WithOne().HasForeignKey(t => t.StreamId).OnDelete(DeleteBehavior.ClientCascade);
        stream.HasMany(s => s.Recordings).WithOne().HasForeignKey(r => r.StreamId);
        stream.Property(s => s.IngestClientId).HasMaxLength(64);
        stream.Property(s => s.IngestKeyHash).HasMaxLength(128);
        // At most one live stream per channel, whatever races between publish callbacks.
        stream.HasIndex(s => s.ChannelId, "ux_streams_one_live_per_channel").HasFilter("status = 'live'").IsUnique()
            .HasDatabaseName("ux_streams_one_live_per_channel");
    }
}

internal sealed class StreamRecordingConfiguration : IEntityTypeConfiguration<StreamRecording>
{
    public void Configure(EntityTypeBuilder<StreamRecording> recording)
    {
        recording.ToTable("stream_recordings");
        recording.HasKey(r => r.Id);
        recording.Property(r => r.Id).ValueGeneratedNever();
        recording.Property(r => r.Path).HasMaxLength(1024).IsRequired();
        recording.HasIndex(r => new { r.StreamId, r.Path }).IsUnique();
    }
}

internal sealed class StreamTagConfiguration : IEntityTypeConfiguration<StreamTag>
{
    public void Configure(EntityTypeBuilder<StreamTag> tag)
    {
        tag.ToTable("stream_tags");
        tag.HasKey(t => new { t.StreamId, t.Tag });
        tag.Property(t => t.Tag).HasMaxLength(100);
    }
}
