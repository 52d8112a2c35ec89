using AeThexLive.Payments.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Payments.Data.Configurations;

internal sealed class DonationConfiguration : IEntityTypeConfiguration<Donation>
{
    public void Configure(EntityTypeBuilder<Donation> donation)
    {
        donation.ToTable("donations", t => t.HasCheckConstraint("ck_donations_status", StatusCheck));
        donation.HasKey(d => d.Id);
        donation.Property(d => d.Id).ValueGeneratedNever();
        donation.Property(d => d.DonorName).HasMaxLength(255).IsRequired();
        donation.Property(d => d.Currency).HasMaxLength(3).HasDefaultValue("USD");
        donation.Property(d => d.StripeChargeId).HasMaxLength(255);
        donation.Property(d => d.Status).HasMaxLength(50).HasDefaultValue(PurchaseStatuses.Completed);
        donation.Property(d => d.IdempotencyKey).HasMaxLength(255).IsRequired();
        donation.Property(d => d.RequestHash).HasMaxLength(64).IsRequired();
        donation.Property(d => d.PaymentIntentId).HasMaxLength(255);
        donation.Property(d => d.ClientSecret).HasMaxLength(255);
        donation.Property(d => d.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        donation.HasIndex(d => d.ChannelId).HasDatabaseName("idx_donations_channel_id");
        // A donor's Idempotency-Key names one donation: concurrent retries meet here and wait for the first.
        donation.HasIndex(d => new { d.DonorId, d.IdempotencyKey }).IsUnique().HasDatabaseName("ux_donations_donor_idempotency_key");
        donation.HasIndex(d => d.PaymentIntentId).HasDatabaseName("idx_donations_payment_intent_id");
        donation.Ignore(d => d.Kind);
    }

    internal const string StatusCheck = "status IN ('pending', 'failed', 'completed')";
}

internal sealed class GiftConfiguration : IEntityTypeConfiguration<Gift>
{
    public void Configure(EntityTypeBuilder<Gift> gift)
    {
        gift.ToTable("gifts", t =>
        {
            t.HasCheckConstraint("ck_gifts_status", DonationConfiguration.StatusCheck);
            t.HasCheckConstraint("ck_gifts_amount", "quantity > 0 AND amount_cents = quantity * unit_price_cents");
        });
        gift.HasKey(g => g.Id);
        gift.Property(g => g.Id).ValueGeneratedNever();
        gift.Property(g => g.GifterName).HasMaxLength(255).IsRequired();
        gift.Property(g => g.RecipientName).HasMaxLength(255);
        gift.Property(g => g.GiftType).HasMaxLength(50);
        gift.Property(g => g.Currency).HasMaxLength(3).IsRequired();
        gift.Property(g => g.StripeChargeId).HasMaxLength(255);
        gift.Property(g => g.Status).HasMaxLength(50).IsRequired();
        gift.Property(g => g.IdempotencyKey).HasMaxLength(255).IsRequired();
        gift.Property(g => g.RequestHash).HasMaxLength(64).IsRequired();
        gift.Property(g => g.PaymentIntentId).HasMaxLength(255);
        gift.Property(g => g.ClientSecret).HasMaxLength(255);
        gift.Property(g => g.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        gift.HasIndex(g => g.ChannelId).HasDatabaseName("idx_gifts_channel_id");
        gift.HasIndex(g => new { g.GifterId, g.IdempotencyKey }).IsUnique().HasDatabaseName("ux_gifts_gifter_idempotency_key");
        gift.HasIndex(g => g.PaymentIntentId).HasDatabaseName("idx_gifts_payment_intent_id");
        gift.Property(g => g.UnplacedRefundId).HasMaxLength(255);
        gift.Ignore(g => g.Kind);
        gift.Ignore(g => g.SubscriptionTier);
        gift.Ignore(g => g.IsCommunity);
        gift.HasMany(g => g.ChosenRecipients).WithOne().HasForeignKey(r => r.GiftId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GiftRecipientConfiguration : IEntityTypeConfiguration<GiftRecipient>
{
    public void Configure(EntityTypeBuilder<GiftRecipient> recipient)
    {
        recipient.ToTable("gift_recipients");
        // A viewer is drawn at most once per gift: nobody receives two of its subscriptions.
        recipient.HasKey(r => new { r.GiftId, r.UserId });
        recipient.Property(r => r.Username).HasMaxLength(255).IsRequired();
        recipient.HasIndex(r => new { r.GiftId, r.Position }).IsUnique().HasDatabaseName("ux_gift_recipients_gift_position");
    }
}

internal sealed class ProcessedWebhookEventConfiguration : IEntityTypeConfiguration<ProcessedWebhookEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhookEvent> webhookEvent)
    {
        webhookEvent.ToTable("processed_webhook_events");
        webhookEvent.HasKey(e => e.EventId);
        webhookEvent.Property(e => e.EventId).HasMaxLength(255).ValueGeneratedNever();
        webhookEvent.Property(e => e.EventType).HasMaxLength(100).IsRequired();
    }
}
