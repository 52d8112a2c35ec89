using System.Diagnostics.Metrics;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AeThexLive.Messaging.Mail;

/// <summary>
/// Sends a service's mail outbox through SMTP. Rows are claimed with a lease (<c>FOR UPDATE SKIP
/// LOCKED</c>, then <c>locked_until</c>), so several instances never take the same row and one that
/// dies mid-batch lets its rows go when the lease ends. What the server accepted is marked sent in one
/// statement when the batch ends, however it ends (done, stopped, server gone); the only way to send one
/// twice is for the process to die between the server's "250 OK" and that update, and the resend then
/// carries the same Message-Id. Other mail is claimed before bulk mail, and bulk mail is paced to
/// <see cref="MailOptions.BulkPerSecond"/> in claims of about a second's worth, so a verification link never
/// waits behind a channel's followers. One SMTP connection carries every message while mail keeps coming.
/// A server that cannot be reached costs the messages nothing (the worker backs off and comes back);
/// a refusal counts against the message and backs it off; a permanent refusal of the address records it
/// as undeliverable, and mail to it is given up instead of retried forever.
/// </summary>
public sealed partial class MailOutboxWorker<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<MailOutboxWorker<TDbContext>> logger,
    IMeterFactory meters) : BackgroundService
    where TDbContext : MessagingDbContext, IKeepsMailOutbox
{
    private readonly Counter<long> _sent = meters.Create("AeThexLive.Messaging").CreateCounter<long>("mail.sent");
    private readonly Counter<long> _failed = meters.Create("AeThexLive.Messaging").CreateCounter<long>("mail.failed");
    private SmtpClient? _smtp;
    private DateTimeOffset _nextBulkAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(backoff > TimeSpan.Zero ? backoff : options.Value.PollInterval, clock, stoppingToken);
                while (await SendBatchAsync(stoppingToken)) { }
                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Disconnect();
                backoff = backoff == TimeSpan.Zero
                    ? TimeSpan.FromMilliseconds(500)
                    : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.Value.MaxServerBackoff.Ticks));
                LogSendingFailed(ex, backoff.TotalMilliseconds);
            }
        }
    }

    /// <summary>Claims and sends one batch; true when it was full and more may be due.</summary>
    /// <exception cref="MailServerUnavailableException">The server could not be reached; the batch's unsent rows are let go untouched.</exception>
    public async Task<bool> SendBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var settings = options.Value;
        // From the first claim on, rows may be leased to this batch, and only the send loop below lets unsent ones go
        // when the worker stops. So the claims and the checks before that loop (short statements) are not cancelled:
        // a stop that landed there (or after the server had committed a claim) left the batch's rows leased until
        // their lease ended. A stop requested meanwhile is seen as the loop starts, which lets them go.
        var claimed = await ClaimAsync(db, settings, bulk: false, settings.BatchSize);
        var more = claimed.Count == settings.BatchSize;
        if (!more)
        {
            var bulkLimit = Math.Min(settings.BatchSize - claimed.Count, (int)Math.Ceiling(settings.BulkPerSecond));
            var bulk = await ClaimAsync(db, settings, bulk: true, bulkLimit);
            more = bulk.Count == bulkLimit;
            claimed.AddRange(bulk);
        }
        if (claimed.Count == 0)
        {
            await DisconnectAsync();
            return false;
        }

        var undeliverable = await db.UndeliverableAddresses.AsNoTracking()
            .Where(a => claimed.Select(m => m.Recipient).Contains(a.Address)).Select(a => a.Address).ToListAsync(CancellationToken.None);
        var pending = new Queue<OutboundMail>();
        foreach (var mail in claimed)
        {
            if (undeliverable.Contains(mail.Recipient)) await GiveUpAsync(db, mail, "The address was recorded as undeliverable.", CancellationToken.None);
            else pending.Enqueue(mail);
        }

        var sent = new List<Guid>(pending.Count);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (pending.TryPeek(out var mail))
            {
                if (mail.Bulk) await PaceAsync(settings, cancellationToken);
                var smtp = await ConnectedAsync(settings.Smtp, cancellationToken);
                if (await SendOneAsync(db, smtp, mail, settings, cancellationToken)) sent.Add(mail.Id);
                pending.Dequeue();
            }
        }
        catch (Exception ex) when (IsServerUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            // Not the messages' fault: let the rest go now rather than when the lease ends.
            Disconnect();
            await ReleaseAsync(db, pending.Select(m => m.Id).ToList());
            throw new MailServerUnavailableException(ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(db, pending.Select(m => m.Id).ToList());
            throw;
        }
        finally
        {
            await MarkSentAsync(db, sent);
        }
        return more;
    }

    /// <summary>Leases due rows to this batch; never cancelled (see <see cref="SendBatchAsync"/>).</summary>
    private async Task<List<OutboundMail>> ClaimAsync(TDbContext db, MailOptions settings, bool bulk, int limit)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseEnd = SqlTimestamp.Of(now + settings.Lease, "lease_end");
        var due = SqlTimestamp.Of(now, "now");
        var claimed = await db.MailOutbox.FromSqlRaw("""
            UPDATE mail_outbox SET locked_until = @lease_end
            WHERE id IN (
                SELECT id FROM mail_outbox
                WHERE sent_at IS NULL AND failed_at IS NULL AND bulk = @bulk AND next_attempt_at <= @now
                    AND (locked_until IS NULL OR locked_until < @now)
                ORDER BY next_attempt_at
                LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """, leaseEnd, due, new Npgsql.NpgsqlParameter("bulk", bulk), new Npgsql.NpgsqlParameter("limit", limit))
            .AsNoTracking().ToListAsync(CancellationToken.None);
        // RETURNING keeps no order; an UPDATE cannot be composed over, so the order is restored here.
        return [.. claimed.OrderBy(m => m.NextAttemptAt)];
    }

    /// <summary>Waits for the next bulk message's turn: one every 1/<see cref="MailOptions.BulkPerSecond"/> seconds.</summary>
    private async Task PaceAsync(MailOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_nextBulkAt > now) await Task.Delay(_nextBulkAt - now, clock, cancellationToken);
        _nextBulkAt = (_nextBulkAt > now ? _nextBulkAt : now) + TimeSpan.FromSeconds(1 / settings.BulkPerSecond);
    }

    /// <returns>True when the server accepted the message.</returns>
    private async Task<bool> SendOneAsync(TDbContext db, SmtpClient smtp, OutboundMail mail, MailOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            // Not cancellable: a stop in the middle of the exchange could leave the server holding a message the
            // outbox does not know it sent. The server's timeout bounds the wait.
            await smtp.SendAsync(ToMime(mail, settings), CancellationToken.None);
            return true;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500 && ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            await RecordUndeliverableAsync(db, mail.Recipient, ex.Message, cancellationToken);
            await GiveUpAsync(db, mail, ex.Message, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            await RefusedAsync(db, mail, ex, settings, cancellationToken);
        }
        return false;
    }

    private async Task MarkSentAsync(TDbContext db, List<Guid> ids)
    {
        if (ids.Count == 0) return;
        var sentAt = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime, "sent_at");
        // Not cancellable: the server has the messages, and forgetting that would send them again.
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE mail_outbox SET sent_at = @sent_at, locked_until = NULL, last_error = NULL WHERE id = ANY(@ids)",
            [sentAt, new Npgsql.NpgsqlParameter("ids", ids.ToArray())], CancellationToken.None);
        _sent.Add(ids.Count);
    }

    /// <summary>The open connection, or a new one: one connection carries every message while mail keeps coming.</summary>
    private async Task<SmtpClient> ConnectedAsync(SmtpOptions settings, CancellationToken cancellationToken)
    {
        if (_smtp is { IsConnected: true } open) return open;
        Disconnect();
        var smtp = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            var security = Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true);
            await smtp.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username)) await smtp.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
        }
        catch
        {
            smtp.Dispose();
            throw;
        }
        return _smtp = smtp;
    }

    /// <summary>Says goodbye once the outbox is empty, rather than holding the server's connection while idle.</summary>
    private async Task DisconnectAsync()
    {
        if (_smtp is { IsConnected: true } open)
        {
            try
            {
                await open.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception ex) when (IsServerUnavailable(ex))
            {
                // Gone already: nothing was left to say.
            }
        }
        Disconnect();
    }

    private void Disconnect()
    {
        _smtp?.Dispose();
        _smtp = null;
    }

    public override void Dispose()
    {
        Disconnect();
        base.Dispose();
    }

    /// <summary>A refusal of this message: back off and try again, or give up when it has been refused too often or for good.</summary>
    private async Task RefusedAsync(TDbContext db, OutboundMail mail, SmtpCommandException refusal, MailOptions settings, CancellationToken cancellationToken)
    {
        var attempts = mail.Attempts + 1;
        var permanent = (int)refusal.StatusCode >= 500;
        if (permanent || attempts >= settings.MaxAttempts)
        {
            if (refusal.ErrorCode == SmtpErrorCode.RecipientNotAccepted) await RecordUndeliverableAsync(db, mail.Recipient, refusal.Message, cancellationToken);
            await GiveUpAsync(db, mail, refusal.Message, cancellationToken, attempts);
            return;
        }
        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryDelay.Ticks << Math.Min(attempts - 1, 20), settings.MaxRetryDelay.Ticks));
        var next = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime + delay, "next");
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE mail_outbox SET attempts = @attempts, next_attempt_at = @next, locked_until = NULL, last_error = @error WHERE id = @id",
            [new Npgsql.NpgsqlParameter("attempts", attempts), next, Error(refusal.Message), new Npgsql.NpgsqlParameter("id", mail.Id)],
            cancellationToken);
        LogRefused(mail.Id, mail.Recipient, attempts, delay.TotalSeconds, refusal.Message);
    }

    private async Task GiveUpAsync(TDbContext db, OutboundMail mail, string reason, CancellationToken cancellationToken, int? attempts = null)
    {
        var failedAt = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime, "failed_at");
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE mail_outbox SET failed_at = @failed_at, attempts = @attempts, locked_until = NULL, last_error = @error WHERE id = @id",
            [failedAt, new Npgsql.NpgsqlParameter("attempts", attempts ?? mail.Attempts), Error(reason), new Npgsql.NpgsqlParameter("id", mail.Id)],
            cancellationToken);
        _failed.Add(1);
        LogGaveUp(mail.Id, mail.Recipient, reason);
    }

    private async Task RecordUndeliverableAsync(TDbContext db, string address, string reason, CancellationToken cancellationToken)
    {
        var recordedAt = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime, "recorded_at");
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO undeliverable_addresses (address, reason, recorded_at) VALUES (@address, @error, @recorded_at) ON CONFLICT (address) DO NOTHING",
            [new Npgsql.NpgsqlParameter("address", address), Error(reason), recordedAt], cancellationToken);
    }

    private static Task ReleaseAsync(TDbContext db, List<Guid> ids) =>
        ids.Count == 0
            ? Task.CompletedTask
            : db.Database.ExecuteSqlRawAsync("UPDATE mail_outbox SET locked_until = NULL WHERE id = ANY(@ids) AND sent_at IS NULL",
                [new Npgsql.NpgsqlParameter("ids", ids.ToArray())], CancellationToken.None);

    private static Npgsql.NpgsqlParameter Error(string message) => new("error", message.Length > 1000 ? message[..1000] : message);

    internal static MimeMessage ToMime(OutboundMail mail, MailOptions settings)
    {
        var message = new MimeMessage
        {
            MessageId = $"{mail.Id:N}@{settings.MessageIdDomain}",
            Subject = mail.Subject,
            Date = new DateTimeOffset(mail.CreatedAt, TimeSpan.Zero),
            Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(mail.Recipient));
        if (mail.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058: mail clients show an unsubscribe button that POSTs to the link without opening it.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return message;
    }

    /// <summary>The server is down, unreachable, slow or dropped the connection: nothing the messages did.</summary>
    private static bool IsServerUnavailable(Exception ex) =>
        ex is SocketException or IOException or TimeoutException or OperationCanceledException or SmtpProtocolException
            or ServiceNotConnectedException or SslHandshakeException or AuthenticationException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail outbox could not send; trying again in {DelayMs} ms")]
    private partial void LogSendingFailed(Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} to {Recipient} refused (attempt {Attempts}); retrying in {DelaySeconds} s: {Reason}")]
    private partial void LogRefused(Guid mailId, string recipient, int attempts, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MailId} to {Recipient} given up: {Reason}")]
    private partial void LogGaveUp(Guid mailId, string recipient, string reason);
}

public sealed class MailServerUnavailableException(Exception inner)
    : Exception("The mail server could not be reached; the mail stays in the outbox.", inner);
