using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace AeThexLive.ServiceDefaults;

/// <summary>
/// The access-token contract every service shares: RS256 JWTs minted by Identity, checked
/// against the keys Identity publishes at its discovery document (found by service discovery).
/// </summary>
public static class PlatformTokens
{
    public const string DefaultIssuer = "http://identity";
    public const string Audience = "aethex-live";
    public const string Algorithm = SecurityAlgorithms.RsaSha256;
    public const string UsernameClaim = "preferred_username";
    public const string RoleClaim = "role";
    public const string AdminPolicy = "admin";

    /// <summary>Tolerated clock difference between Identity and the service checking a token.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static string Issuer(IConfiguration configuration) => configuration["Authentication:Issuer"] ?? DefaultIssuer;
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Creator = "creator";
    public const string Verified = "verified";
}

public static class CurrentUser
{
    /// <summary>The signed-in user's id (the token's <c>sub</c>); only call behind RequireAuthorization.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : throw new InvalidOperationException("The principal has no user id.");

    /// <summary>The user's id when a valid token came with the request, otherwise null.</summary>
    public static Guid? UserIdOrNull(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : null;

    public static string Username(this ClaimsPrincipal user) => user.FindFirstValue(PlatformTokens.UsernameClaim) ?? "";
}

internal static class AuthenticationSetup
{
    public static void AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddHttpClient("identity-metadata");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory>((options, httpClients) =>
            {
                options.MetadataAddress = configuration["Authentication:MetadataAddress"] ?? "http://identity/.well-known/openid-configuration";
                // Service discovery turns http://identity into an address; the handler's own client would not.
                options.Backchannel = httpClients.CreateClient("identity-metadata");
                options.RequireHttpsMetadata = false;
                options.MapInboundClaims = false;
                // Keys are re-read every few minutes and at once (at most every 30 s) when a token
                // names a key not seen yet; Identity publishes a new key well before signing with it.
                options.AutomaticRefreshInterval = TimeSpan.FromMinutes(5);
                options.RefreshInterval = TimeSpan.FromSeconds(30);
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = PlatformTokens.Issuer(configuration),
                    ValidAudience = PlatformTokens.Audience,
                    ValidAlgorithms = [PlatformTokens.Algorithm],
                    ValidTypes = ["at+jwt", "JWT"],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = PlatformTokens.ClockSkew,
                    NameClaimType = PlatformTokens.UsernameClaim,
                    RoleClaimType = PlatformTokens.RoleClaim,
                };
                options.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket requests: SignalR sends the token in the query.
                    OnMessageReceived = context =>
                    {
                        var token = context.Request.Query["access_token"].ToString();
                        if (token.Length > 0 && context.Request.Path.StartsWithSegments("/hubs")) context.Token = token;
                        return Task.CompletedTask;
                    },
                    OnChallenge = WriteChallengeAsync,
                    OnForbidden = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                        "You are not allowed to do this.", null, "https://aethex.live/problems/forbidden"),
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PlatformTokens.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
    }

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var invalid = context.AuthenticateFailure is not null;
        context.Response.Headers.WWWAuthenticate = invalid ? "Bearer error=\"invalid_token\"" : "Bearer";
        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
            invalid ? "The access token is not valid." : "Sign in to do this.",
            invalid ? Describe(context.AuthenticateFailure!) : "Send an access token as 'Authorization: Bearer <token>'.",
            invalid ? "https://aethex.live/problems/invalid-token" : "https://aethex.live/problems/unauthenticated");
    }

    /// <summary>What went wrong with a token, in words that do not leak key material.</summary>
    internal static string Describe(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenSignatureKeyNotFoundException => "The token was signed with an unknown key.",
        SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        SecurityTokenInvalidIssuerException => "The token was issued by someone else.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidTypeException => "The token is not an access token.",
        SecurityTokenMalformedException or ArgumentException => "The token is malformed.",
        _ => "The token could not be validated.",
    };

    internal static async Task WriteProblemAsync(HttpContext context, int status, string title, string? detail, string type)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type },
        });
    }
}
