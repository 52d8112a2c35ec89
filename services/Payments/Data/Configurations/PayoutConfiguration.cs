using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Payments.Data.Configurations;

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> payout)
    {
        payout.ToTable("payouts", t => t.HasCheckConstraint("ck_payouts_amount", "amount_cents > 0"));
        payout.HasKey(p => p.Id);
        payout.Property(p => p.Id).ValueGeneratedNever();
        payout.Property(p => p.Currency).HasMaxLength(3).HasDefaultValue("USD");
        payout.Property(p => p.StripeAccountId).HasMaxLength(255).IsRequired();
        payout.Property(p => p.StripeTransferId).HasMaxLength(255);
        payout.Property(p => p.StripePayoutId).HasMaxLength(255);
        payout.Property(p => p.FailureCode).HasMaxLength(100);
        payout.Property(p => p.Status).HasMaxLength(50).HasDefaultValue(PayoutStatuses.Pending);
        payout.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Exactly once per (channel, period): two overlapping runs cannot both claim it.
        payout.HasIndex(p => new { p.ChannelId, p.Currency, p.PeriodEnd }).IsUnique().HasDatabaseName("ux_payouts_channel_period");
        payout.HasIndex(p => new { p.UserId, p.CreatedAt }).HasDatabaseName("idx_payouts_user_id");
        payout.HasIndex(p => p.StripePayoutId).IsUnique().HasFilter("stripe_payout_id IS NOT NULL")
            .HasDatabaseName("ux_payouts_stripe_payout_id");
    }
}

internal sealed class PayoutAccountConfiguration : IEntityTypeConfiguration<PayoutAccount>
{
    public void Configure(EntityTypeBuilder<PayoutAccount> account)
    {
        account.ToTable("payout_accounts");
        account.HasKey(a => a.UserId);
        account.Property(a => a.StripeAccountId).HasMaxLength(255).IsRequired();
        account.HasIndex(a => a.StripeAccountId).IsUnique().HasDatabaseName("ux_payout_accounts_stripe_account_id");
        account.Property(a => a.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
    }
}
