using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
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
    /// <summary>The sign-in a token belongs to (its refresh-token family): revoking it ends every token of that sign-in.</summary>
    public const string SessionClaim = "sid";

    /// <summary>Tolerated clock difference between Identity and the service checking a token.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Who signs the tokens: the platform's public origin (what clients reach the gateway at),
    /// as a client reading /.well-known/openid-configuration sees it.
    /// </summary>
    public static string Issuer(IConfiguration configuration) =>
        configuration["Authentication:Issuer"] ?? PublicOrigin(configuration) ?? DefaultIssuer;

    /// <summary>The origin clients reach the platform at (Platform:PublicOrigin, e.g. https://live.example); null if not configured.</summary>
    public static string? PublicOrigin(IConfiguration configuration) => configuration["Platform:PublicOrigin"]?.TrimEnd('/');
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
                // Keys come straight from Identity's key set inside the platform (service discovery
                // turns http://identity into an address); the public discovery document names the
                // public origin, which a service need not be able to reach. Keys are re-read every
                // few minutes and at once (at most every 30 s) when a token names a key not seen yet;
                // Identity publishes a new key well before signing with it.
                var keySet = configuration["Authentication:KeySetAddress"] ?? "http://identity/.well-known/jwks.json";
                options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    keySet, new KeySetRetriever(PlatformTokens.Issuer(configuration)),
                    new HttpDocumentRetriever(httpClients.CreateClient("identity-metadata")) { RequireHttps = false })
                {
                    AutomaticRefreshInterval = TimeSpan.FromMinutes(5),
                    RefreshInterval = TimeSpan.FromSeconds(30),
                };
                options.RequireHttpsMetadata = false;
                options.MapInboundClaims = false;
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

/// <summary>Reads Identity's JSON Web Key Set as the configuration JwtBearer validates against (issuer from our own settings).</summary>
internal sealed class KeySetRetriever(string issuer) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var keySet = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel));
        var configuration = new OpenIdConnectConfiguration { Issuer = issuer, JsonWebKeySet = keySet };
        foreach (var key in keySet.GetSigningKeys()) configuration.SigningKeys.Add(key);
        return configuration;
    }
}
