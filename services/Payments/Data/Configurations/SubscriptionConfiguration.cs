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
        subscription.Property(s => s.SubscriberName).HasMaxLength(50).HasDefaultValue("");
        subscription.Property(s => s.ClientSecret).HasMaxLength(255);
        subscription.Property(s => s.StartedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Always written by EF: with a database default of true, false would otherwise be taken for "unset".
        subscription.Property(s => s.AutoRenew).HasDefaultValue(true).ValueGeneratedNever();
        subscription.Property(s => s.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        subscription.Ignore(s => s.IsActive);
        subscription.Ignore(s => s.IsExpired);
        subscription.Ignore(s => s.IsGifted);
        // The expiry worker's scan: gifted months still running, by their end.
        subscription.HasIndex(s => s.RenewalDate).HasFilter("gift_id IS NOT NULL AND status = 'active'")
            .HasDatabaseName("idx_subscriptions_gifted_running");
        // One live subscription per (user, channel), whatever races: a second insert fails on this index.
        var live = string.Join(", ", SubscriptionStatuses.Live.Select(s => $"'{s}'"));
        subscription.HasIndex(s => new { s.SubscriberId, s.ChannelId }).IsUnique().HasFilter($"status IN ({live})")
            .HasDatabaseName("ux_subscriptions_live_per_channel");
        subscription.HasIndex(s => s.StripeSubscriptionId).IsUnique().HasFilter("stripe_subscription_id IS NOT NULL")
            .HasDatabaseName("ux_subscriptions_stripe_subscription_id");
        subscription.HasIndex(s => s.ChannelId).HasDatabaseName("idx_subscriptions_channel_id");
        subscription.HasIndex(s => s.Status).HasDatabaseName("idx_subscriptions_status");
        // Not in schema.sql: GET /api/users/me/subscriptions.
        subscription.HasIndex(s => s.SubscriberId).HasDatabaseName("idx_subscriptions_subscriber_id");
    }
}

internal sealed class PaymentCustomerConfiguration : IEntityTypeConfiguration<PaymentCustomer>
{
    public void Configure(EntityTypeBuilder<PaymentCustomer> customer)
    {
        customer.ToTable("payment_customers");
        customer.HasKey(c => c.UserId);
        customer.Property(c => c.StripeCustomerId).HasMaxLength(255).IsRequired();
        customer.Property(c => c.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
    }
}
