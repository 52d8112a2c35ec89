using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Mail;

/// <summary>
/// Marks a service's DbContext as sending mail: the model gains <c>mail_outbox</c> and
/// <c>undeliverable_addresses</c>, and <c>AddMailOutbox</c> runs the worker that sends from them.
/// </summary>
public interface IKeepsMailOutbox
{
    DbSet<OutboundMail> MailOutbox { get; }
    DbSet<UndeliverableAddress> UndeliverableAddresses { get; }
}
