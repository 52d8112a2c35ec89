using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Messaging.Mail;

/// <summary>
/// One notification mailed to many (a go-live email to a channel's followers): the template is rendered once,
/// each recipient costs the concatenation of its own parts, and the rows go into the outbox with one binary COPY
/// rather than one tracked entity each. Its rows are bulk mail: the worker paces them and sends security mail first.
/// </summary>
public sealed class BulkMail
{
    private readonly MailStencil _stencil;
    private readonly string _template;
    private readonly DateTime _now;

    internal BulkMail(MailStencil stencil, string template, DateTime now)
    {
        _stencil = stencil;
        _template = template;
        _now = now;
    }

    /// <summary>The message to <paramref name="recipient"/>, with <c>unsubscribeUrl</c> among its per-recipient values when the mail has one.</summary>
    public OutboundMail To(string recipient, IReadOnlyDictionary<string, string> values)
    {
        var (text, html) = _stencil.Fill(values);
        return new OutboundMail(Guid.CreateVersion7(_now), recipient, _template, _stencil.Subject, text, html,
            values.GetValueOrDefault("unsubscribeUrl"), _now, bulk: true);
    }

    /// <summary>
    /// Waits until the outbox on <paramref name="connection"/> holds less unsent bulk mail than
    /// <see cref="MailOptions.BulkQueueAhead"/> at <see cref="MailOptions.BulkPerSecond"/> (looking again every
    /// <see cref="MailOptions.PollInterval"/>). Call it before the transaction that queues more, so a producer keeps
    /// pace with the sender instead of writing everything at once. Mail waiting for a retry counts as queued. Gives up
    /// waiting after <paramref name="longest"/> (when the mail server is down, nothing drains): the caller then queues
    /// anyway, rather than holding its delivery past the broker's acknowledgement timeout.
    /// </summary>
    public static async Task WaitForRoomAsync(NpgsqlConnection connection, MailOptions options, TimeSpan longest,
        CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + longest;
        var room = Math.Max(1L, (long)Math.Ceiling(options.BulkPerSecond * options.BulkQueueAhead.TotalSeconds));
        if (connection.State != ConnectionState.Open) await connection.OpenAsync(cancellationToken);
        // Counts at most `room` rows, from the worker's own partial index, however long the queue is.
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM (
                SELECT 1 FROM mail_outbox WHERE bulk AND sent_at IS NULL AND failed_at IS NULL LIMIT @room) queued
            """, connection);
        command.Parameters.AddWithValue("room", room);
        while ((long)(await command.ExecuteScalarAsync(cancellationToken))! >= room && DateTime.UtcNow < until)
        {
            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Queues <paramref name="mails"/> in the outbox on <paramref name="connection"/>, inside the caller's transaction
    /// when one is open on it (the change the mail reports and the mail commit together).
    /// </summary>
    public static async Task QueueAsync(NpgsqlConnection connection, IEnumerable<OutboundMail> mails, CancellationToken cancellationToken)
    {
        await using var import = await connection.BeginBinaryImportAsync("""
            COPY mail_outbox (id, recipient, template, subject, text_body, html_body, unsubscribe_url, created_at, next_attempt_at, attempts, bulk)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var mail in mails)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(mail.Id, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(mail.Recipient, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(mail.Template, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(mail.Subject, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(mail.TextBody, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(mail.HtmlBody, NpgsqlDbType.Text, cancellationToken);
            if (mail.UnsubscribeUrl is { } unsubscribe) await import.WriteAsync(unsubscribe, NpgsqlDbType.Varchar, cancellationToken);
            else await import.WriteNullAsync(cancellationToken);
            await import.WriteAsync(SqlTimestamp.Stored(mail.CreatedAt), NpgsqlDbType.Timestamp, cancellationToken);
            await import.WriteAsync(SqlTimestamp.Stored(mail.NextAttemptAt), NpgsqlDbType.Timestamp, cancellationToken);
            await import.WriteAsync(mail.Attempts, NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(mail.Bulk, NpgsqlDbType.Boolean, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }
}
