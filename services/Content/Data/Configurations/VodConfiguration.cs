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
        vod.Ignore(v => v.IsReady);
        vod.HasIndex(v => v.StreamId, "vods_stream_id_key").IsUnique().HasDatabaseName("vods_stream_id_key");
        vod.HasIndex(v => v.StreamId, "idx_vods_stream_id").HasDatabaseName("idx_vods_stream_id");
        // Serves a channel's VOD list newest first, including the keyset cursor's tie-break on id.
        vod.HasIndex(v => new { v.ChannelId, v.CreatedAt, v.Id })
            .IsDescending(false, true, true)
            .HasDatabaseName("idx_vods_channel_id");
    }
}

internal sealed class ClipConfiguration : IEntityTypeConfiguration<Clip>
{
    public void Configure(EntityTypeBuilder<Clip> clip)
    {
        clip.ToTable("clips");
        clip.HasKey(c => c.Id);
        clip.Property(c => c.Id).ValueGeneratedNever();
        clip.Property(c => c.Title).HasMaxLength(255).IsRequired();
        clip.Property(c => c.Slug).HasMaxLength(255).IsRequired();
        clip.Property(c => c.ThumbnailUrl).HasMaxLength(255);
        clip.Property(c => c.VideoUrl).HasMaxLength(255);
        clip.Property(c => c.Views).HasDefaultValue(0);
        clip.Property(c => c.Likes).HasDefaultValue(0);
        // Always written by EF: with a database default of true, false would otherwise be taken for "unset".
        clip.Property(c => c.IsPublic).HasDefaultValue(true).ValueGeneratedNever();
        clip.Property(c => c.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        clip.HasIndex(c => c.Slug, "clips_slug_key").IsUnique().HasDatabaseName("clips_slug_key");
        clip.HasIndex(c => c.ChannelId).HasDatabaseName("idx_clips_channel_id");
        clip.HasOne<Vod>().WithMany().HasForeignKey(c => c.VodId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ClipLikeConfiguration : IEntityTypeConfiguration<ClipLike>
{
    public void Configure(EntityTypeBuilder<ClipLike> like)
    {
        like.ToTable("clip_likes");
        like.HasKey(l => new { l.UserId, l.ClipId });
        like.Property(l => l.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        like.HasOne<Clip>().WithMany().HasForeignKey(l => l.ClipId).OnDelete(DeleteBehavior.Restrict);
    }
}
