namespace AeThexLive.Messaging.Mail;

/// <summary>Where and how a service sends mail (the "Mail" section; the AppHost points it at its smtp4dev locally).</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>The From of every message.</summary>
    public string From { get; set; } = "AeThex LIVE <no-reply@aethex.live>";
    /// <summary>Domain of the Message-Id each row gets (the same on every attempt, so a resend can be recognised).</summary>
    public string MessageIdDomain { get; set; } = "aethex.live";
    /// <summary>How often the worker looks for due mail when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; set; } = 50;
    /// <summary>
    /// The most bulk mail (go-live notifications) handed to the server per second. A channel with 100,000 followers
    /// then takes an hour to mail rather than the machine's every cycle while the rest of the platform waits; other
    /// mail (verification, reset) is never paced and always goes first.
    /// </summary>
    public double BulkPerSecond { get; set; } = 25;
    /// <summary>
    /// How far ahead of the sender bulk mail is queued, in time at <see cref="BulkPerSecond"/>: a producer of bulk mail
    /// (the go-live fan-out) waits while the outbox already holds this much unsent, so a big channel's hour of mail is
    /// rendered and written at the pace it leaves, not all in the first seconds beside everything else going live.
    /// </summary>
    public TimeSpan BulkQueueAhead { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How long a claimed row belongs to one worker; after that a worker that died has let it go.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Refusals by the mail server (4xx) after which a message is given up.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The wait after a message's first refusal; it doubles with each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>The most the worker waits between attempts to reach a mail server that is down.</summary>
    public TimeSpan MaxServerBackoff { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
