using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Mail;

internal static class MailOutboxConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboundMail>(mail =>
        {
            mail.ToTable("mail_outbox");
            mail.HasKey(m => m.Id);
            mail.Property(m => m.Id).ValueGeneratedNever();
            mail.Property(m => m.Recipient).HasMaxLength(255);
            mail.Property(m => m.Template).HasMaxLength(100);
            mail.Property(m => m.Subject).HasMaxLength(255);
            mail.Property(m => m.UnsubscribeUrl).HasMaxLength(1000);
            mail.Property(m => m.LastError).HasMaxLength(1000);
            // The worker's claims read only what is still to send, soonest first, other mail apart from bulk.
            mail.HasIndex(m => new { m.Bulk, m.NextAttemptAt }).HasFilter("sent_at IS NULL AND failed_at IS NULL").HasDatabaseName("ix_mail_outbox_due");
        });

        modelBuilder.Entity<UndeliverableAddress>(address =>
        {
            address.ToTable("undeliverable_addresses");
            address.HasKey(a => a.Address);
            address.Property(a => a.Address).HasMaxLength(255);
            address.Property(a => a.Reason).HasMaxLength(1000);
        });
    }
}
