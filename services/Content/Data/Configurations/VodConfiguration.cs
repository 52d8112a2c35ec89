using System.Text.Json;
using AeThexLive.Content.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Content.Data.Configurations;

internal sealed class VodConfiguration : IEntityTypeConfiguration<Vod>
{
    public void Configure(EntityTypeBuilder<Vod> vod)
    {
        vod.ToTable("vods");
        vod.HasKey(v => v.Id);
        vod.Property(v => v.Id).ValueGeneratedNever();
        vod.Property(v => v.Title).HasMaxLength(255);
        vod.Property(v => v.ThumbnailUrl).HasMaxLength(255);
        vod.Property(v => v.Views).HasDefaultValue(0);
        // Always written by EF: with a database default of true, false would otherwise be taken for "unset".
        vod.Property(v => v.IsPublic).HasDefaultValue(true).ValueGeneratedNever();
        vod.Property(v => v.ProcessingStatus).HasMaxLength(50).HasDefaultValue(VodProcessingStatuses.Processing);
        vod.Property(v => v.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        vod.Property(v => v.ChannelSlug).HasMaxLength(255);
        vod.Property(v => v.MediaKey).HasMaxLength(64);
        vod.Property(v => v.RecordingPaths).HasDefaultValueSql("'{}'");
        vod.Property(v => v.FailureReason).HasMaxLength(500);
        vod.Property(v => v.Storyboard).HasColumnType("jsonb").HasConversion(
            layout => layout == null ? null : JsonSerializer.Serialize(layout, JsonSerializerOptions.Web),
            json => json == null ? null : JsonSerializer.Deserialize<StoryboardLayout>(json, JsonSerializerOptions.Web));
        vod.Ignore(v => v.IsReady);
        vod.HasIndex(v => v.StreamId, "vods_stream_id_key").IsUnique().HasDatabaseName("vods_stream_id_key");
        vod.HasIndex(v => v.StreamId, "idx_vods_stream_id").HasDatabaseName("idx_vods_stream_id");
        // Serves a channel's VOD list newest first, including the keyset cursor's tie-break on id.
        vod.HasIndex(v => new { v.ChannelId, v.CreatedAt, v.Id })
            .IsDescending(false, true, true)
            .HasDatabaseName("idx_vods_channel_id");
        // The retention sweep looks for the oldest.
        vod.HasIndex(v => v.CreatedAt).HasDatabaseName("idx_vods_created_at");
    }
}
