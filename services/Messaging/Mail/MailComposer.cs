using AeThexLive.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace AeThexLive.Messaging.Mail;

/// <summary>
/// Turns a template into an outbox row. Links in mail point at the platform's public origin
/// (Platform:PublicOrigin, the address people reach the gateway at), never at a service.
/// </summary>
public sealed class MailComposer(MailTemplates templates, IConfiguration configuration, TimeProvider clock)
{
    public string PublicOrigin { get; } = PlatformTokens.PublicOrigin(configuration) ?? PlatformTokens.Issuer(configuration).TrimEnd('/');

    /// <summary>An absolute link on the public origin for a path such as <c>/verify-email?token=…</c>.</summary>
    public string Link(string pathAndQuery) => PublicOrigin + pathAndQuery;

    /// <summary>
    /// A message to <paramref name="recipient"/> made from <paramref name="template"/>; <c>{{origin}}</c> is always
    /// available. Add it to the service's <see cref="IKeepsMailOutbox.MailOutbox"/> in the transaction of the change it reports.
    /// </summary>
    public OutboundMail Compose(string template, string recipient, IReadOnlyDictionary<string, string> values, string? unsubscribeUrl = null)
    {
        var all = new Dictionary<string, string>(values) { ["origin"] = PublicOrigin };
        if (unsubscribeUrl is not null) all["unsubscribeUrl"] = unsubscribeUrl;
        var mail = templates.Render(template, all);
        return new OutboundMail(Guid.CreateVersion7(), recipient, template, mail.Subject, mail.Text, mail.Html, unsubscribeUrl,
            clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// <paramref name="template"/> rendered once with <paramref name="shared"/> for a mail to many; the
    /// <paramref name="perRecipient"/> values (and <c>unsubscribeUrl</c>) are given to <see cref="BulkMail.To"/> for each.
    /// </summary>
    public BulkMail Bulk(string template, IReadOnlyDictionary<string, string> shared, params string[] perRecipient)
    {
        var all = new Dictionary<string, string>(shared) { ["origin"] = PublicOrigin };
        var stencil = templates.Stencil(template, all, [.. perRecipient, "unsubscribeUrl"]);
        return new BulkMail(stencil, template, clock.GetUtcNow().UtcDateTime);
    }
}
