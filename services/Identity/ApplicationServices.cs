using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Messaging;
using Microsoft.AspNetCore.Identity;

namespace AeThexLive.Identity;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext>("identitydb");
        builder.AddMessaging<IdentityDbContext>("identity");
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        return builder;
    }
}
