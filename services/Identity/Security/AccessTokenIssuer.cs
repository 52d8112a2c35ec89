using System.Security.Claims;
using AeThexLive.Identity.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AeThexLive.Identity.Security;

/// <summary>Mints the RS256 access tokens (RFC 9068 "at+jwt") every service checks.</summary>
public sealed class AccessTokenIssuer(SigningKeyRing keys, IOptions<AccountOptions> options, TimeProvider clock, IConfiguration configuration)
{
    private readonly JsonWebTokenHandler _handler = new();

    public TimeSpan Lifetime => options.Value.Tokens.AccessTokenLifetime;

    /// <param name="sessionId">The sign-in (refresh-token family) the token belongs to.</param>
    public string Issue(User user, Guid sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new("sub", user.Id.ToString()),
            new(PlatformTokens.UsernameClaim, user.Username),
            new("jti", Guid.NewGuid().ToString("N")),
            new(PlatformTokens.SessionClaim, sessionId.ToString("N")),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(PlatformTokens.RoleClaim, role)));

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = PlatformTokens.Issuer(configuration),
            Audience = PlatformTokens.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            TokenType = "at+jwt",
            SigningCredentials = keys.CurrentSigningCredentials(),
        });
    }
}
