using AeThexLive.Identity.Domain;
using AeThexLive.Messaging;
using AeThexLive.Messaging.Mail;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Data;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : MessagingDbContext(options), IKeepsMailOutbox
{
    public DbSet<User> Users => Set<User>();
    public DbSet<UserSettings> UserSettings => Set<UserSettings>();
    public DbSet<UserCredential> UserCredentials => Set<UserCredential>();
    public DbSet<UserFollow> UserFollows => Set<UserFollow>();
    public DbSet<UserRole> UserRoles => Set<UserRole>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<AddressLock> AddressLocks => Set<AddressLock>();
    public DbSet<KnownAddress> KnownAddresses => Set<KnownAddress>();
    public DbSet<EmailToken> EmailTokens => Set<EmailToken>();
    public DbSet<GoLiveEmail> GoLiveEmails => Set<GoLiveEmail>();
    public DbSet<OutboundMail> MailOutbox => Set<OutboundMail>();
    public DbSet<UndeliverableAddress> UndeliverableAddresses => Set<UndeliverableAddress>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IdentityDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<IdentityDbContext>;
