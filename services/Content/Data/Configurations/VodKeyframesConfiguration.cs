using AeThexLive.Content.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Content.Data.Configurations;

internal sealed class VodKeyframesConfiguration : IEntityTypeConfiguration<VodKeyframes>
{
    public void Configure(EntityTypeBuilder<VodKeyframes> keyframes)
    {
        keyframes.ToTable("vod_keyframes");
        keyframes.HasKey(k => k.VodId);
        keyframes.Property(k => k.VodId).ValueGeneratedNever();
        // Deleting a VOD takes its index with it.
        keyframes.HasOne<Vod>().WithOne().HasForeignKey<VodKeyframes>(k => k.VodId).OnDelete(DeleteBehavior.Cascade);
    }
}
