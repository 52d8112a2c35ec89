namespace AeThexLive.Messaging.Mail;

/// <summary>
/// One message waiting in (or gone from) a service's mail outbox. It is written in the same
/// transaction as the change it tells someone about; <see cref="MailOutboxWorker{TDbContext}"/>
/// sends it later, so a slow or absent mail server never holds up a request.
/// </summary>
public sealed class OutboundMail
{
    private OutboundMail() { }

    public OutboundMail(Guid id, string recipient, string template, string subject, string textBody, string htmlBody,
        string? unsubscribeUrl, DateTime now, bool bulk = false)
    {
        Id = id;
        Recipient = recipient;
        Template = template;
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
        UnsubscribeUrl = unsubscribeUrl;
        CreatedAt = now;
        NextAttemptAt = now;
        Bulk = bulk;
    }

    public Guid Id { get; private set; }
    public string Recipient { get; private set; } = "";
    /// <summary>Which template made it (for operators and tests; the bodies are already rendered).</summary>
    public string Template { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    /// <summary>The one-click unsubscribe address (RFC 8058) of a notification; null for security mail.</summary>
    public string? UnsubscribeUrl { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>
    /// A notification sent to many (go-live): paced to <see cref="MailOptions.BulkPerSecond"/> and sent after any
    /// other due mail, so verification and reset links never wait behind a channel's hundred thousand followers.
    /// </summary>
    public bool Bulk { get; private set; }
    /// <summary>Not before this time: the backoff after a failed attempt.</summary>
    public DateTime NextAttemptAt { get; private set; }
    /// <summary>While in the future, one worker holds the row; a worker that died lets it go when it passes.</summary>
    public DateTime? LockedUntil { get; private set; }
    /// <summary>Attempts the mail server refused (a server that cannot be reached does not count against the message).</summary>
    public int Attempts { get; private set; }
    public DateTime? SentAt { get; private set; }
    /// <summary>Given up: the address is undeliverable or every attempt was refused.</summary>
    public DateTime? FailedAt { get; private set; }
    public string? LastError { get; private set; }
}

/// <summary>An address a mail server refused permanently: nothing more is sent to it.</summary>
public sealed class UndeliverableAddress
{
    private UndeliverableAddress() { }

    public UndeliverableAddress(string address, string reason, DateTime recordedAt)
    {
        Address = address;
        Reason = reason;
        RecordedAt = recordedAt;
    }

    public string Address { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
}
