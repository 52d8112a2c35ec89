using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Payments.Data.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> entry)
    {
        entry.ToTable("ledger_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Account).HasMaxLength(100).IsRequired();
        entry.Property(e => e.Currency).HasMaxLength(3).IsRequired();
        entry.Property(e => e.ReferenceType).HasMaxLength(50).IsRequired();
        entry.Property(e => e.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        entry.HasIndex(e => new { e.Account, e.UserId }).HasDatabaseName("idx_ledger_entries_account_user_id");
        entry.HasIndex(e => new { e.ReferenceType, e.ReferenceId }).HasDatabaseName("idx_ledger_entries_reference");
    }
}

internal sealed class ProcessedWebhookEventConfiguration : IEntityTypeConfiguration<ProcessedWebhookEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhookEvent> webhookEvent)
    {
        webhookEvent.ToTable("processed_webhook_events");
        webhookEvent.HasKey(e => e.EventId);
        webhookEvent.Property(e => e.EventId).HasMaxLength(255).ValueGeneratedNever();
    }
}
