using AeThexLive.Content.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Content.Data.Configurations;

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
        clip.Property(c => c.ChannelSlug).HasMaxLength(255);
        clip.Property(c => c.Status).HasMaxLength(50).HasDefaultValue(ClipStatuses.Processing);
        clip.Property(c => c.MediaKey).HasMaxLength(64);
        clip.Property(c => c.FailureReason).HasMaxLength(500);
        clip.Ignore(c => c.IsReady);
        clip.HasIndex(c => c.Slug, "clips_slug_key").IsUnique().HasDatabaseName("clips_slug_key");
        clip.HasIndex(c => c.ChannelId).HasDatabaseName("idx_clips_channel_id");
        // A channel's recent clips, newest first (keyset on created_at, id).
        clip.HasIndex(c => new { c.ChannelId, c.CreatedAt, c.Id }).IsDescending(false, true, true).HasDatabaseName("idx_clips_channel_recent");
        // Clips outlive the VOD they were cut from: deleting the VOD clears the link.
        clip.HasOne<Vod>().WithMany().HasForeignKey(c => c.VodId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ClipLikeConfiguration : IEntityTypeConfiguration<ClipLike>
{
    public void Configure(EntityTypeBuilder<ClipLike> like)
    {
        like.ToTable("clip_likes");
        like.HasKey(l => new { l.UserId, l.ClipId });
        like.Property(l => l.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // A deleted clip takes its likes along.
        like.HasOne<Clip>().WithMany().HasForeignKey(l => l.ClipId).OnDelete(DeleteBehavior.Cascade);
    }
}
