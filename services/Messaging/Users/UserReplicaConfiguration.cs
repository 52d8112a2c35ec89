using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Messaging.Users;

internal sealed class UserReplicaConfiguration : IEntityTypeConfiguration<UserReplica>
{
    public void Configure(EntityTypeBuilder<UserReplica> replica)
    {
        replica.ToTable("user_replicas");
        replica.HasKey(r => r.UserId);
        replica.Property(r => r.UserId).ValueGeneratedNever();
        replica.Property(r => r.Username).HasMaxLength(255).IsRequired();
        replica.Property(r => r.DisplayName).HasMaxLength(255);
        replica.HasIndex(r => r.Username).HasDatabaseName("idx_user_replicas_username");
        replica.Ignore(r => r.ShownName);
    }
}
