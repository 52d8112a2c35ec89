using System.Security.Claims;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Security;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Endpoints;

public sealed record TwoFactorSetup(string Secret, string OtpauthUri, int Digits, int PeriodSeconds);

public sealed record TwoFactorCodeRequest(string? Code);

public sealed record TwoFactorStatus(bool TwoFactorEnabled);

public static class TwoFactorApi
{
    public static IEndpointRouteBuilder MapTwoFactorApi(this IEndpointRouteBuilder app)
    {
        var twoFactor = app.MapGroup("/api/users/me/two-factor").WithTags("Two-factor").RequireAuthorization();
        twoFactor.MapPost("/", BeginSetupAsync).WithName("BeginTwoFactorSetup")
            .WithSummary("Get a new TOTP secret and otpauth:// URI for an authenticator app (not active until enabled)");
        twoFactor.MapPost("/enable", EnableAsync).WithName("EnableTwoFactor").WithSummary("Turn two-factor on with a code from the app");
        twoFactor.MapDelete("/", DisableAsync).WithName("DisableTwoFactor").WithSummary("Turn two-factor off with a current code");
        return app;
    }

    internal static async Task<Results<Ok<TwoFactorSetup>, ProblemHttpResult>> BeginSetupAsync(
        ClaimsPrincipal principal, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var user = await db.Users.Include(u => u.Credential).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.Credential is not { } credential) return IdentityProblems.NotFound("user");
        if (credential.TwoFactorEnabled) return IdentityProblems.Conflict("two-factor-already-enabled", "Two-factor is already on; turn it off first.");

        var secret = TwoFactorCodes.NewSecret();
        credential.BeginTwoFactorSetup(secret, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new TwoFactorSetup(secret, TwoFactorCodes.ProvisioningUri(secret, user.Username), 6, 30));
    }

    internal static async Task<Results<Ok<TwoFactorStatus>, ValidationProblem, ProblemHttpResult>> EnableAsync(
        TwoFactorCodeRequest request, ClaimsPrincipal principal, IdentityDbContext db, TwoFactorCodes codes, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!TwoFactorCodes.IsWellFormed(request.Code)) return CodeMissing();
        var userId = principal.UserId();
        var user = await db.Users.Include(u => u.Credential).Include(u => u.Settings).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.Credential is not { } credential) return IdentityProblems.NotFound("user");
        if (credential.TwoFactorEnabled) return IdentityProblems.Conflict("two-factor-already-enabled", "Two-factor is already on.");
        if (credential.PendingTotpSecret is null)
        {
            return IdentityProblems.Conflict("two-factor-setup-not-started", "Start set-up first: POST /api/users/me/two-factor.");
        }
        if (!await codes.VerifyOnceAsync(userId, credential.PendingTotpSecret, request.Code, cancellationToken)) return WrongCode();

        credential.EnableTwoFactor(user.Settings, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new TwoFactorStatus(true));
    }

    internal static async Task<Results<Ok<TwoFactorStatus>, ValidationProblem, ProblemHttpResult>> DisableAsync(
        [FromBody] TwoFactorCodeRequest request, HttpContext context, ClaimsPrincipal principal, IdentityDbContext db, TwoFactorCodes codes,
        AccountLockout lockout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!TwoFactorCodes.IsWellFormed(request.Code)) return CodeMissing();
        var userId = principal.UserId();
        var user = await db.Users.Include(u => u.Credential).Include(u => u.Settings).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.Credential is not { } credential) return IdentityProblems.NotFound("user");
        if (!credential.TwoFactorEnabled) return IdentityProblems.Conflict("two-factor-not-enabled", "Two-factor is not on.");
        // A stolen access token must not be a way to guess codes: wrong codes here count towards the lockout too.
        var address = SignInAddress.Of(context);
        if (await lockout.LockedUntilAsync(userId, address, cancellationToken) is { } locked) return IdentityProblems.Locked(context, locked, clock);
        if (!await codes.VerifyOnceAsync(userId, credential.TotpSecret!, request.Code, cancellationToken))
        {
            return await lockout.RecordFailureAsync(userId, address, cancellationToken) is { } lockedUntil
                ? IdentityProblems.Locked(context, lockedUntil, clock)
                : WrongCode();
        }

        credential.DisableTwoFactor(user.Settings, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new TwoFactorStatus(false));
    }

    private static ValidationProblem CodeMissing() =>
        TypedResults.ValidationProblem(new FieldErrors().Add("code", "The 6-digit code from the authenticator app is required.").ToDictionary());

    private static ProblemHttpResult WrongCode() =>
        IdentityProblems.Of(StatusCodes.Status400BadRequest, "invalid-two-factor-code", "The two-factor code is wrong, expired or already used.");
}
