using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AeThexLive.Messaging.Mail;

public static class MailRegistration
{
    /// <summary>
    /// Mail for a service whose DbContext keeps the mail outbox: <see cref="MailComposer"/> with the templates
    /// embedded in <paramref name="templates"/>, and the worker that sends what is queued (the "Mail" settings).
    /// </summary>
    public static IHostApplicationBuilder AddMailOutbox<TDbContext>(this IHostApplicationBuilder builder, Assembly templates)
        where TDbContext : MessagingDbContext, IKeepsMailOutbox
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section)
            .Validate(o => o.BatchSize > 0 && o.MaxAttempts > 0 && o.Lease > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.BulkPerSecond > 0,
                "Mail: BatchSize, MaxAttempts, Lease, PollInterval and BulkPerSecond must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new MailTemplates(templates));
        builder.Services.AddSingleton<MailComposer>();
        builder.Services.AddHostedService<MailOutboxWorker<TDbContext>>();
        return builder;
    }
}
