using AeThexLive.Identity.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Identity.Data.Configurations;

internal sealed class GoLiveEmailConfiguration : IEntityTypeConfiguration<GoLiveEmail>
{
    public void Configure(EntityTypeBuilder<GoLiveEmail> email)
    {
        email.ToTable("go_live_emails");
        email.HasKey(e => new { e.UserId, e.StreamId });
        email.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
