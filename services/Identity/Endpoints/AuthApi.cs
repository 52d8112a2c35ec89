using System.Net.Mail;
using System.Text.RegularExpressions;
using AeThexLive.Contracts.Identity;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AeThexLive.Identity.Endpoints;

public sealed record RegisterRequest(string? Username, string? Email, string? Password, string? DisplayName);

public sealed record RegisteredUser(Guid Id, string Username, string? DisplayName, DateTime CreatedAt);

public sealed record LoginRequest(string? Login, string? Password, string? Code);

public sealed record RefreshRequest(string? RefreshToken);

/// <param name="Everywhere">End every session of the user, on every device, instead of this one.</param>
public sealed record LogoutRequest(string? RefreshToken, bool? Everywhere);

public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

public static partial class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/register", RegisterAsync).WithName("Register").WithSummary("Create an account");
        auth.MapPost("/login", LoginAsync).WithName("Login")
            .WithSummary("Sign in with username or email and password (and a two-factor code when it is on)");
        auth.MapPost("/refresh", RefreshAsync).WithName("Refresh")
            .WithSummary("Swap a refresh token for new tokens; the old refresh token stops working");
        auth.MapPost("/logout", LogoutAsync).WithName("Logout")
            .WithSummary("End the sign-in a refresh token belongs to, or with everywhere: true every sign-in of the user; their access tokens stop working at once")
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Created<RegisteredUser>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request,
        IdentityDbContext db,
        IPasswordHasher<User> hasher,
        IOptions<AccountOptions> options,
        EmailLinks links,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var username = request.Username?.Trim().ToLowerInvariant() ?? "";
        var email = request.Email?.Trim().ToLowerInvariant() ?? "";
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? null : request.DisplayName.Trim();

        errors.Check(!UsernamePattern().IsMatch(username), "username", "Username must be 3–25 characters of a–z, 0–9 and _.");
        errors.Check(!IsEmail(email), "email", "Email must be a valid address.");
        if (PasswordPolicy.Check(request.Password, username, email) is { } passwordError) errors.Add("password", passwordError);
        errors.Check(displayName is { Length: > ProfileRules.MaxDisplayName }, "displayName", $"Display name must be at most {ProfileRules.MaxDisplayName} characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User(Guid.CreateVersion7(), username, email, displayName, now);
        user.SetPassword(hasher.HashPassword(user, request.Password!), now);
        if (string.Equals(options.Value.InitialAdmin, username, StringComparison.OrdinalIgnoreCase)) user.Grant(Roles.Admin, now);
        db.Users.Add(user);
        db.AddEvent(new UserRegistered(user.Id, user.Username, user.DisplayName, now));
        links.SendVerification(user, user.Email);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            var field = unique.ConstraintName == "users_email_key" ? "email" : "username";
            return IdentityProblems.Of(StatusCodes.Status409Conflict, "already-taken", $"That {field} is already taken.",
                extensions: new() { ["field"] = field });
        }

        return TypedResults.Created($"/api/users/{user.Username}", new RegisteredUser(user.Id, user.Username, user.DisplayName, user.CreatedAt));
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        HttpContext context,
        IdentityDbContext db,
        IPasswordHasher<User> hasher,
        AccountLockout lockout,
        TwoFactorCodes twoFactor,
        AccessTokenIssuer accessTokens,
        RefreshTokenStore refreshTokens,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var login = request.Login?.Trim().ToLowerInvariant() ?? "";
        errors.Check(login.Length is 0 or > 254, "login", "Login (username or email) is required.");
        errors.Check(request.Password is null or { Length: 0 or > PasswordPolicy.MaximumLength }, "password", "Password is required.");
        errors.Check(request.Code is not null && !TwoFactorCodes.IsWellFormed(request.Code), "code", "A two-factor code is 6 digits.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var user = await db.Users.Include(u => u.Credential).Include(u => u.GrantedRoles)
            .SingleOrDefaultAsync(u => u.Username == login || u.Email == login, cancellationToken);
        if (user?.Credential is not { } credential)
        {
            // Spend the same time as a real check so response times do not reveal which logins exist.
            hasher.VerifyHashedPassword(TimingDecoy.User, TimingDecoy.Hash, request.Password!);
            return IdentityProblems.InvalidCredentials();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var address = SignInAddress.Of(context);
        if (await lockout.LockedUntilAsync(user.Id, address, cancellationToken) is { } locked) return IdentityProblems.Locked(context, locked, clock);

        var verification = hasher.VerifyHashedPassword(user, credential.PasswordHash, request.Password!);
        if (verification == PasswordVerificationResult.Failed)
        {
            return await lockout.RecordFailureAsync(user.Id, address, cancellationToken) is { } lockedUntil
                ? IdentityProblems.Locked(context, lockedUntil, clock)
                : IdentityProblems.InvalidCredentials();
        }

        if (credential.TwoFactorEnabled)
        {
            if (request.Code is null)
            {
                return IdentityProblems.Of(StatusCodes.Status401Unauthorized, "two-factor-required",
                    "A two-factor code is needed.", "Send the 6-digit code from your authenticator app as 'code'.");
            }
            if (!await twoFactor.VerifyOnceAsync(user.Id, credential.TotpSecret!, request.Code, cancellationToken))
            {
                return await lockout.RecordFailureAsync(user.Id, address, cancellationToken) is { } lockedUntil
                    ? IdentityProblems.Locked(context, lockedUntil, clock)
                    : IdentityProblems.Of(StatusCodes.Status401Unauthorized, "invalid-two-factor-code",
                        "The two-factor code is wrong, expired or already used.");
            }
        }

        if (await lockout.ClearUnlessLockedAsync(user.Id, address, cancellationToken) is { } lockedMeanwhile)
        {
            return IdentityProblems.Locked(context, lockedMeanwhile, clock);
        }
        if (verification == PasswordVerificationResult.SuccessRehashNeeded) user.SetPassword(hasher.HashPassword(user, request.Password!), now);
        var session = refreshTokens.StartSession(user.Id);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new TokenResponse(accessTokens.Issue(user, session.SessionId), session.RefreshToken, (int)accessTokens.Lifetime.TotalSeconds));
    }

    internal static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request,
        IdentityDbContext db,
        AccessTokenIssuer accessTokens,
        RefreshTokenStore refreshTokens,
        CancellationToken cancellationToken)
    {
        if (request.RefreshToken is not { Length: > 0 and <= 200 } presented)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("refreshToken", "A refresh token is required.").ToDictionary());
        }

        var result = await refreshTokens.RotateAsync(presented, cancellationToken);
        switch (result.Outcome)
        {
            case RefreshOutcome.Reused:
                return IdentityProblems.Of(StatusCodes.Status401Unauthorized, "refresh-token-reused",
                    "That refresh token was already used.", "Every session that came from the same sign-in has been ended; sign in again.");
            case RefreshOutcome.Invalid or RefreshOutcome.Expired:
                return IdentityProblems.Of(StatusCodes.Status401Unauthorized, "invalid-refresh-token",
                    "The refresh token is not valid.", "It is unknown, expired or revoked; sign in again.");
        }

        var user = await db.Users.Include(u => u.GrantedRoles).AsNoTracking().SingleAsync(u => u.Id == result.UserId, cancellationToken);
        return TypedResults.Ok(new TokenResponse(accessTokens.Issue(user, result.SessionId), result.NewToken!, (int)accessTokens.Lifetime.TotalSeconds));
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> LogoutAsync(
        LogoutRequest request,
        System.Security.Claims.ClaimsPrincipal principal,
        RefreshTokenStore refreshTokens,
        CancellationToken cancellationToken)
    {
        if (request.Everywhere == true)
        {
            await refreshTokens.RevokeAllAsync(principal.UserId(), RevocationReasons.Everywhere, cancellationToken);
            return TypedResults.NoContent();
        }
        if (request.RefreshToken is not { Length: > 0 and <= 200 } presented)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("refreshToken", "The refresh token of the session to end is required.").ToDictionary());
        }
        return await refreshTokens.RevokeAsync(presented, principal.UserId(), cancellationToken)
            ? TypedResults.NoContent()
            : IdentityProblems.NotFound("session for this user");
    }

    internal static bool IsEmail(string email) =>
        email.Length is > 0 and <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;

    [GeneratedRegex("^[a-z0-9_]{3,25}$")]
    internal static partial Regex UsernamePattern();

    /// <summary>A hash to verify against when the login names nobody.</summary>
    private static class TimingDecoy
    {
        public static readonly User User = new(Guid.Empty, "decoy", "decoy@invalid", null, DateTime.UnixEpoch);
        public static readonly string Hash = new PasswordHasher<User>().HashPassword(User, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
    }
}
