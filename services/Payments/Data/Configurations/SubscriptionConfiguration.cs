using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Payments.Data.Configurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> subscription)
    {
        subscription.ToTable("subscriptions");
        subscription.HasKey(s => s.Id);
        subscription.Property(s => s.Id).ValueGeneratedNever();
        subscription.Property(s => s.Tier).HasMaxLength(50).IsRequired();
        subscription.Property(s => s.StripeSubscriptionId).HasMaxLength(255);
        subscription.Property(s => s.Status).HasMaxLength(50).IsRequired();
        subscription.Property(s => s.StartedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Always written by EF: with a database default of true, false would otherwise be taken for "unset".
        subscription.Property(s => s.AutoRenew).HasDefaultValue(true).ValueGeneratedNever();
        subscription.Property(s => s.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        subscription.Ignore(s => s.IsActive);
        subscription.HasIndex(s => s.ChannelId).HasDatabaseName("idx_subscriptions_channel_id");
        subscription.HasIndex(s => s.Status).HasDatabaseName("idx_subscriptions_status");
        // Not in schema.sql: GET /api/users/me/subscriptions.
        subscription.HasIndex(s => s.SubscriberId).HasDatabaseName("idx_subscriptions_subscriber_id");
    }
}

internal sealed class DonationConfiguration : IEntityTypeConfiguration<Donation>
{
    public void Configure(EntityTypeBuilder<Donation> donation)
    {
        donation.ToTable("donations");
        donation.HasKey(d => d.Id);
        donation.Property(d => d.Id).ValueGeneratedNever();
        donation.Property(d => d.Currency).HasMaxLength(3).HasDefaultValue("USD");
        donation.Property(d => d.StripeChargeId).HasMaxLength(255);
        donation.Property(d => d.Status).HasMaxLength(50).HasDefaultValue(ChargeStatuses.Completed);
        donation.Property(d => d.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        donation.HasIndex(d => d.ChannelId).HasDatabaseName("idx_donations_channel_id");
    }
}

internal sealed class GiftConfiguration : IEntityTypeConfiguration<Gift>
{
    public void Configure(EntityTypeBuilder<Gift> gift)
    {
        gift.ToTable("gifts");
        gift.HasKey(g => g.Id);
        gift.Property(g => g.Id).ValueGeneratedNever();
        gift.Property(g => g.GiftType).HasMaxLength(50);
        gift.Property(g => g.StripeChargeId).HasMaxLength(255);
        gift.Property(g => g.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
    }
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> payout)
    {
        payout.ToTable("payouts");
        payout.HasKey(p => p.Id);
        payout.Property(p => p.Id).ValueGeneratedNever();
        payout.Property(p => p.Currency).HasMaxLength(3).HasDefaultValue("USD");
        payout.Property(p => p.StripePayoutId).HasMaxLength(255);
        payout.Property(p => p.Status).HasMaxLength(50).HasDefaultValue(PayoutStatuses.Pending);
        payout.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Not in schema.sql: GET /api/users/me/payouts.
        payout.HasIndex(p => p.UserId).HasDatabaseName("idx_payouts_user_id");
    }
}
