using AeThexLive.Messaging;
using AeThexLive.Messaging.Users;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Data;

public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<PaymentCustomer> PaymentCustomers => Set<PaymentCustomer>();
    public DbSet<Donation> Donations => Set<Donation>();
    public DbSet<Gift> Gifts => Set<Gift>();
    public DbSet<GiftRecipient> GiftRecipients => Set<GiftRecipient>();
    public DbSet<Payout> Payouts => Set<Payout>();
    public DbSet<PayoutAccount> PayoutAccounts => Set<PayoutAccount>();
    public DbSet<LedgerTransaction> LedgerTransactions => Set<LedgerTransaction>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<ChannelBalance> ChannelBalances => Set<ChannelBalance>();
    public DbSet<RevenueShare> RevenueShares => Set<RevenueShare>();
    public DbSet<ProcessedWebhookEvent> ProcessedWebhookEvents => Set<ProcessedWebhookEvent>();
    public DbSet<ChannelReplica> ChannelReplicas => Set<ChannelReplica>();
    public DbSet<BroadcastReplica> StreamReplicas => Set<BroadcastReplica>();
    public DbSet<ChannelBan> ChannelBans => Set<ChannelBan>();
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PaymentsDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<PaymentsDbContext>;
