using AeThexLive.Messaging;
using AeThexLive.Messaging.Users;
using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Data;

public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Donation> Donations => Set<Donation>();
    public DbSet<Gift> Gifts => Set<Gift>();
    public DbSet<Payout> Payouts => Set<Payout>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<ProcessedWebhookEvent> ProcessedWebhookEvents => Set<ProcessedWebhookEvent>();
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PaymentsDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<PaymentsDbContext>;
