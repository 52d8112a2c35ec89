using AeThexLive.Identity.Consumers;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.Identity.Workers;
using AeThexLive.Messaging;
using AeThexLive.Messaging.Mail;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;

namespace AeThexLive.Identity;

internal static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext>("identitydb");
        builder.AddMessaging<IdentityDbContext>("identity", bus =>
        {
            bus.AddConsumer<ChannelCreatedConsumer>();
            bus.AddConsumer<GoLiveEmailsDueConsumer, GoLiveEmailsDueConsumerDefinition>();
        });
        builder.AddMailOutbox<IdentityDbContext>(typeof(ApplicationServices).Assembly);
        builder.Services.AddGrpc();

        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .Validate(o => o.Lockout.MaxFailedAttempts > 0 && o.Lockout.Duration > TimeSpan.Zero, "Identity:Lockout needs a positive threshold and duration.")
            .Validate(o => o.Tokens.AccessTokenLifetime > TimeSpan.Zero && o.Tokens.KeyPublicationLead < o.Tokens.SigningKeyLifetime,
                "Identity:Tokens lifetimes are inconsistent.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddScoped<RefreshTokenStore>();
        builder.Services.AddScoped<TwoFactorCodes>();
        builder.Services.AddScoped<AccountLockout>();
        builder.Services.AddScoped<EmailLinks>();
        builder.Services.AddHostedService<SigningKeyMaintenance>();
        builder.Services.AddHostedService<InitialAdminGrant>();

        // Identity checks its own tokens against its key ring directly rather than fetching its own discovery document.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<SigningKeyRing>((options, ring) =>
            {
                options.MetadataAddress = "";
                options.ConfigurationManager = null;
                options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, kid, _) => ring.ValidationKeys(kid);
            });
        return builder;
    }
}
