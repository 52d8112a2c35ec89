using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Messaging.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Identity.Security;

public enum EmailLinkOutcome { Valid, Unknown, Used, Expired }

public sealed record EmailLinkCheck(EmailLinkOutcome Outcome, EmailToken? Token = null);

/// <summary>
/// The links Identity mails: verification (24 h) and password reset (1 h). A token is 256 random bits
/// shown once, in the mail; the row keeps its SHA-256. Each is queued with its mail in the caller's
/// unit of work, so a link exists only if its mail is on its way, and is used at most once.
/// </summary>
public sealed class EmailLinks(IdentityDbContext db, MailComposer mail, IOptions<AccountOptions> options, TimeProvider clock)
{
    public const int MaxTokenLength = 100;

    /// <summary>Queues a verification mail to <paramref name="address"/> (the current or the pending address).</summary>
    public void SendVerification(User user, string address)
    {
        var token = Issue(user.Id, EmailTokenPurposes.VerifyEmail, address, options.Value.Email.VerificationLifetime);
        db.MailOutbox.Add(mail.Compose("verify-email", address, new Dictionary<string, string>
        {
            ["name"] = user.DisplayName ?? user.Username,
            ["link"] = mail.Link($"/verify-email?token={token}"),
            ["hours"] = ((int)options.Value.Email.VerificationLifetime.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
    }

    /// <summary>Queues a password-reset mail to the user's confirmed address.</summary>
    public void SendReset(User user)
    {
        var token = Issue(user.Id, EmailTokenPurposes.ResetPassword, user.Email, options.Value.Email.ResetLifetime);
        db.MailOutbox.Add(mail.Compose("reset-password", user.Email, new Dictionary<string, string>
        {
            ["name"] = user.DisplayName ?? user.Username,
            ["username"] = user.Username,
            ["link"] = mail.Link($"/reset-password?token={token}"),
            ["minutes"] = ((int)options.Value.Email.ResetLifetime.TotalMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
    }

    /// <summary>
    /// When the user may be sent another link of this kind: null now, otherwise the time the limit
    /// (one per <see cref="EmailOptions.ResendInterval"/>, <see cref="EmailOptions.MaxPerDay"/> a day) lifts.
    /// </summary>
    public async Task<DateTime?> NextAllowedAsync(Guid userId, string purpose, CancellationToken cancellationToken)
    {
        var settings = options.Value.Email;
        var now = clock.GetUtcNow().UtcDateTime;
        var recent = await db.EmailTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.Purpose == purpose && t.CreatedAt > now.AddDays(-1))
            .OrderByDescending(t => t.CreatedAt).Select(t => t.CreatedAt).Take(settings.MaxPerDay).ToListAsync(cancellationToken);
        if (recent.Count > 0 && recent[0] + settings.ResendInterval > now) return recent[0] + settings.ResendInterval;
        if (recent.Count >= settings.MaxPerDay) return recent[^1].AddDays(1);
        return null;
    }

    /// <summary>
    /// Finds and locks the link a token belongs to, for the caller's open transaction; the caller
    /// marks it used with <see cref="MarkUsedAsync"/> in the same transaction.
    /// </summary>
    public async Task<EmailLinkCheck> CheckAsync(string presented, string purpose, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var token = (await db.EmailTokens
            .FromSql($"SELECT * FROM email_tokens WHERE token_hash = {hash} FOR UPDATE")
            .AsNoTracking().ToListAsync(cancellationToken)).SingleOrDefault();
        if (token is null || token.Purpose != purpose) return new EmailLinkCheck(EmailLinkOutcome.Unknown);
        if (token.UsedAt is not null) return new EmailLinkCheck(EmailLinkOutcome.Used, token);
        if (token.ExpiresAt <= clock.GetUtcNow().UtcDateTime) return new EmailLinkCheck(EmailLinkOutcome.Expired, token);
        return new EmailLinkCheck(EmailLinkOutcome.Valid, token);
    }

    /// <summary>Uses up the link and every other open link of its kind for the user: once a reset (or a verification) is done, older mails are dead.</summary>
    public Task<int> MarkUsedAsync(EmailToken token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.EmailTokens.Where(t => t.UserId == token.UserId && t.Purpose == token.Purpose && t.UsedAt == null
                && (t.Id == token.Id || token.Purpose == EmailTokenPurposes.ResetPassword || t.Email == token.Email))
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, now), cancellationToken);
    }

    private string Issue(Guid userId, string purpose, string email, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.EmailTokens.Add(new EmailToken(Guid.CreateVersion7(), userId, purpose, email, Hash(value), now, now + lifetime));
        return value;
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
