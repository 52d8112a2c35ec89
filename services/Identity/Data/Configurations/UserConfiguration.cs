using AeThexLive.Identity.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Identity.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users");
        user.HasKey(u => u.Id);
        user.Property(u => u.Id).ValueGeneratedNever();
        user.Property(u => u.Username).HasMaxLength(255).IsRequired();
        user.Property(u => u.Email).HasMaxLength(255).IsRequired();
        user.Property(u => u.EmailVerified).HasDefaultValue(false).ValueGeneratedNever();
        user.Property(u => u.PendingEmail).HasMaxLength(255);
        user.Property(u => u.DisplayName).HasMaxLength(255);
        user.Property(u => u.AvatarUrl).HasMaxLength(255);
        user.Property(u => u.BannerUrl).HasMaxLength(255);
        user.Property(u => u.IsCreator).HasDefaultValue(false);
        user.Property(u => u.Verified).HasDefaultValue(false);
        user.Property(u => u.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        user.Property(u => u.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        user.HasAlternateKey(u => u.Username).HasName("users_username_key");
        user.HasAlternateKey(u => u.Email).HasName("users_email_key");
        user.HasIndex(u => u.Username).HasDatabaseName("idx_users_username");
        user.HasIndex(u => u.Email).HasDatabaseName("idx_users_email");
        user.HasOne(u => u.Settings).WithOne().HasForeignKey<UserSettings>(s => s.UserId);
        user.HasOne(u => u.Credential).WithOne().HasForeignKey<UserCredential>(c => c.UserId);
        user.HasMany(u => u.GrantedRoles).WithOne().HasForeignKey(r => r.UserId);
        user.Ignore(u => u.Roles);
    }
}

internal sealed class UserRoleConfiguration : IEntityTypeConfiguration<UserRole>
{
    public void Configure(EntityTypeBuilder<UserRole> role)
    {
        role.ToTable("user_roles");
        role.HasKey(r => new { r.UserId, r.Role });
        role.Property(r => r.Role).HasMaxLength(50);
    }
}

internal sealed class UserSettingsConfiguration : IEntityTypeConfiguration<UserSettings>
{
    public void Configure(EntityTypeBuilder<UserSettings> settings)
    {
        settings.ToTable("user_settings");
        settings.HasKey(s => s.UserId);
        settings.Property(s => s.EmailNotifications).HasDefaultValue(true).ValueGeneratedNever();
        settings.Property(s => s.TwoFactorEnabled).HasDefaultValue(false);
        settings.Property(s => s.PrivacyLevel).HasMaxLength(50).HasDefaultValue(PrivacyLevels.Public);
        settings.Property(s => s.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        settings.Property(s => s.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
    }
}

internal sealed class UserCredentialConfiguration : IEntityTypeConfiguration<UserCredential>
{
    public void Configure(EntityTypeBuilder<UserCredential> credential)
    {
        credential.ToTable("user_credentials");
        credential.HasKey(c => c.UserId);
        credential.Property(c => c.PasswordHash).HasMaxLength(500).IsRequired();
        credential.Property(c => c.FailedLoginCount).HasDefaultValue(0).ValueGeneratedNever();
        credential.Property(c => c.TotpSecret).HasMaxLength(64);
        credential.Property(c => c.PendingTotpSecret).HasMaxLength(64);
        credential.Ignore(c => c.TwoFactorEnabled);
    }
}

internal sealed class UserFollowConfiguration : IEntityTypeConfiguration<UserFollow>
{
    public void Configure(EntityTypeBuilder<UserFollow> follow)
    {
        follow.ToTable("user_follows_user");
        follow.HasKey(f => new { f.FollowerId, f.FollowingId });
        follow.Property(f => f.FollowDate).HasDefaultValueSql("CURRENT_TIMESTAMP");
        follow.HasOne<User>().WithMany().HasForeignKey(f => f.FollowerId).OnDelete(DeleteBehavior.Restrict);
        follow.HasOne<User>().WithMany().HasForeignKey(f => f.FollowingId).OnDelete(DeleteBehavior.Restrict);
        // Follower lists page newest first.
        follow.HasIndex(f => new { f.FollowingId, f.FollowDate, f.FollowerId }).HasDatabaseName("idx_user_follows_following");
        follow.HasIndex(f => new { f.FollowerId, f.FollowDate, f.FollowingId }).HasDatabaseName("idx_user_follows_follower");
    }
}
