using AeThexLive.Identity.Security;
using AeThexLive.ServiceDefaults;
using Microsoft.IdentityModel.Tokens;

namespace AeThexLive.Identity.Endpoints;

/// <summary>
/// The discovery document and key set JwtBearer reads (OpenID Connect Discovery 1.0, RFC 7517),
/// so every service and the gateway check tokens without any key configured by hand.
/// </summary>
public static class WellKnownApi
{
    public static IEndpointRouteBuilder MapWellKnownApi(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("/.well-known").WithTags("Discovery");
        wellKnown.MapGet("/openid-configuration", GetConfiguration).WithName("OpenIdConfiguration")
            .WithSummary("Where the token signing keys are, and which algorithms are used");
        wellKnown.MapGet("/jwks.json", GetKeys).WithName("Jwks").WithSummary("The public keys access tokens are signed with");
        return app;
    }

    internal static IResult GetConfiguration(HttpContext context, IConfiguration configuration)
    {
        // Every address in it is the configured public origin, never the request's Host: a client
        // could send any Host, and a shared cache would hand its answer to everyone.
        var origin = PlatformTokens.PublicOrigin(configuration) ?? PlatformTokens.Issuer(configuration);
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = PlatformTokens.Issuer(configuration),
            ["jwks_uri"] = $"{origin}/.well-known/jwks.json",
            ["token_endpoint"] = $"{origin}/api/auth/login",
            ["id_token_signing_alg_values_supported"] = new[] { PlatformTokens.Algorithm },
            ["token_endpoint_auth_methods_supported"] = new[] { "none" },
            ["claims_supported"] = new[] { "sub", PlatformTokens.UsernameClaim, PlatformTokens.RoleClaim },
            ["subject_types_supported"] = new[] { "public" },
            ["response_types_supported"] = new[] { "token" },
        });
    }

    internal static IResult GetKeys(HttpContext context, SigningKeyRing keys)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new
        {
            keys = keys.PublishedKeys().Select(k => new { kty = k.Kty, use = k.Use, alg = k.Alg, kid = k.Kid, n = k.N, e = k.E }),
        });
    }
}
