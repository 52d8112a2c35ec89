using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AeThexLive.AppHost;

/// <summary>
/// Where services send mail: the SMTP server of the AppHost's Mail:Smtp settings (Host, Port, Security,
/// Username, Password) when Mail:Smtp:Host is set, otherwise smtp4dev, started here on
/// Infrastructure:Ports:Smtp with its web page and API on Infrastructure:Ports:MailUi.
/// </summary>
internal sealed class MailConnection(IConfigurationSection smtp, IResourceBuilder<ExecutableResource>? server, int smtpPort)
{
    public IResourceBuilder<ExecutableResource>? Server => server;

    /// <summary>
    /// Points a service at the mail server. It does not wait for it: mail leaves through the service's
    /// outbox, which keeps it while the server is away.
    /// </summary>
    public IResourceBuilder<ProjectResource> Configure(IResourceBuilder<ProjectResource> service)
    {
        if (server is not null)
        {
            return service.WithEnvironment("Mail__Smtp__Host", "127.0.0.1")
                .WithEnvironment("Mail__Smtp__Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("Mail__Smtp__Security", "None");
        }
        foreach (var (key, value) in smtp.AsEnumerable(makePathsRelative: true))
        {
            if (value is not null) service.WithEnvironment($"Mail__Smtp__{key.Replace(":", "__", StringComparison.Ordinal)}", value);
        }
        return service;
    }
}

internal static class MailResources
{
    public static MailConnection AddMail(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var smtp = builder.Configuration.GetSection("Mail:Smtp");
        if (!string.IsNullOrWhiteSpace(smtp["Host"])) return new MailConnection(smtp, null, 0);

        var server = builder.AddExecutable("mail", "bash", settings.ScriptsDirectory,
                "smtp4dev.sh", Path.Combine(settings.DataDirectory, "mail"), settings.SmtpPort.ToString(), settings.MailUiPort.ToString())
            .WithEndpoint(port: settings.SmtpPort, targetPort: settings.SmtpPort, scheme: "tcp", name: "smtp", isProxied: false)
            .WithHttpEndpoint(port: settings.MailUiPort, targetPort: settings.MailUiPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/api/messages", endpointName: "http");
        return new MailConnection(smtp, server, settings.SmtpPort);
    }
}
