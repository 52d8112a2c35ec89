using AeThexLive.Identity.Data;
using AeThexLive.Identity.Endpoints;
using AeThexLive.Identity.Security;
using AeThexLive.Messaging.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AeThexLive.Identity.Tests;

/// <summary>Identity's mail as the service composes it: its own templates, links on a public origin.</summary>
internal static class IdentityMail
{
    public const string PublicOrigin = "https://live.example";

    public static MailComposer Composer(TimeProvider? clock = null) => new(
        new MailTemplates(typeof(AuthApi).Assembly),
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:PublicOrigin"] = PublicOrigin }).Build(),
        clock ?? TimeProvider.System);

    public static EmailLinks Links(IdentityDbContext db, IOptions<AccountOptions> options, TimeProvider? clock = null) =>
        new(db, Composer(clock), options, clock ?? TimeProvider.System);
}
