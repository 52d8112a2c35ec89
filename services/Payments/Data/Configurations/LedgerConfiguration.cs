using AeThexLive.Payments.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Payments.Data.Configurations;

internal sealed class LedgerTransactionConfiguration : IEntityTypeConfiguration<LedgerTransaction>
{
    public void Configure(EntityTypeBuilder<LedgerTransaction> transaction)
    {
        transaction.ToTable("ledger_transactions");
        transaction.HasKey(t => t.Id);
        transaction.Property(t => t.Id).ValueGeneratedNever();
        transaction.Property(t => t.BusinessKey).HasMaxLength(255).IsRequired();
        transaction.Property(t => t.Kind).HasMaxLength(50).IsRequired();
        transaction.Property(t => t.SourceType).HasMaxLength(50);
        transaction.Property(t => t.ChargeId).HasMaxLength(255);
        transaction.HasIndex(t => t.ChargeId).HasFilter("charge_id IS NOT NULL").HasDatabaseName("idx_ledger_transactions_charge_id");
        transaction.HasIndex(t => t.BusinessKey).IsUnique().HasDatabaseName("ux_ledger_transactions_business_key");
        transaction.HasIndex(t => new { t.ChannelId, t.OccurredAt }).HasDatabaseName("idx_ledger_transactions_channel_occurred");
        transaction.HasIndex(t => t.HoldUntil).HasFilter("hold_until IS NOT NULL").HasDatabaseName("idx_ledger_transactions_hold_until");
        // One release per held payment, whatever the business key says.
        transaction.HasIndex(t => t.RelatedTransactionId).IsUnique().HasFilter("kind = 'release'")
            .HasDatabaseName("ux_ledger_transactions_release_of");
        transaction.HasMany(t => t.Entries).WithOne().HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
        transaction.Navigation(t => t.Entries).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> entry)
    {
        entry.ToTable("ledger_entries", t =>
        {
            t.HasCheckConstraint("ck_ledger_entries_amount", "amount_cents <> 0");
            t.HasCheckConstraint("ck_ledger_entries_channel",
                $"(account IN ('{LedgerAccounts.CreatorPending}', '{LedgerAccounts.CreatorAvailable}')) = (channel_id IS NOT NULL)");
        });
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Account).HasMaxLength(50).IsRequired();
        entry.Property(e => e.Currency).HasMaxLength(3).IsRequired();
        entry.HasIndex(e => e.TransactionId).HasDatabaseName("idx_ledger_entries_transaction_id");
        entry.HasIndex(e => new { e.ChannelId, e.Account }).HasDatabaseName("idx_ledger_entries_channel_account");
    }
}

internal sealed class ChannelBalanceConfiguration : IEntityTypeConfiguration<ChannelBalance>
{
    public void Configure(EntityTypeBuilder<ChannelBalance> balance)
    {
        balance.ToTable("channel_balances");
        balance.HasKey(b => new { b.ChannelId, b.Currency });
        balance.Property(b => b.Currency).HasMaxLength(3);
    }
}

internal sealed class RevenueShareConfiguration : IEntityTypeConfiguration<RevenueShare>
{
    public void Configure(EntityTypeBuilder<RevenueShare> share)
    {
        share.ToTable("revenue_shares", t => t.HasCheckConstraint("ck_revenue_shares_range", "creator_share_basis_points BETWEEN 0 AND 10000"));
        share.HasKey(s => new { s.ChannelId, s.Kind });
        share.Property(s => s.Kind).HasMaxLength(50);
    }
}
