using AeThexLive.Identity.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Identity.Data.Configurations;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> token)
    {
        token.ToTable("refresh_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Id).ValueGeneratedNever();
        token.Property(t => t.TokenHash).IsRequired();
        token.Property(t => t.RevokedReason).HasMaxLength(50);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.FamilyId);
        token.HasIndex(t => t.UserId);
        token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId);
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> key)
    {
        key.ToTable("signing_keys");
        key.HasKey(k => k.Kid);
        key.Property(k => k.Kid).HasMaxLength(64);
        key.Property(k => k.Algorithm).HasMaxLength(16);
        key.Property(k => k.PrivateKey).IsRequired();
    }
}

internal sealed class EmailTokenConfiguration : IEntityTypeConfiguration<EmailToken>
{
    public void Configure(EntityTypeBuilder<EmailToken> token)
    {
        token.ToTable("email_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Id).ValueGeneratedNever();
        token.Property(t => t.Purpose).HasMaxLength(20);
        token.Property(t => t.Email).HasMaxLength(255);
        token.Property(t => t.TokenHash).IsRequired();
        token.HasIndex(t => t.TokenHash).IsUnique();
        // Re-send limits count a user's recent links of one kind.
        token.HasIndex(t => new { t.UserId, t.Purpose, t.CreatedAt });
        token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId);
    }
}
