using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Identity.Endpoints;

public sealed record ForgotPasswordRequest(string? Login);

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

/// <summary>
/// A way back for a user who forgot the password: a single-use link (1 h) to the account's address.
/// Asking never tells whether the account exists: every well-formed request gets the same 202.
/// </summary>
public static class PasswordResetApi
{
    public static IEndpointRouteBuilder MapPasswordResetApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/forgot-password", ForgotAsync).WithName("ForgotPassword")
            .WithSummary("Mail a password-reset link to the account with this username or email; always 202, whether or not it exists");
        auth.MapPost("/reset-password", ResetAsync).WithName("ResetPassword")
            .WithSummary("Set a new password with the token from the reset mail (single use, 1 h); every session of the account ends");
        return app;
    }

    internal static async Task<Results<Accepted, ValidationProblem>> ForgotAsync(
        ForgotPasswordRequest request, IdentityDbContext db, EmailLinks links, CancellationToken cancellationToken)
    {
        var login = request.Login?.Trim().ToLowerInvariant() ?? "";
        if (login.Length is 0 or > 254)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("login", "Login (username or email) is required.").ToDictionary());
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Username == login || u.Email == login, cancellationToken);
        // Within the re-send limit a repeated request is dropped silently: a 429 would say the account exists.
        if (user is not null && await links.NextAllowedAsync(user.Id, EmailTokenPurposes.ResetPassword, cancellationToken) is null)
        {
            links.SendReset(user);
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Accepted((string?)null);
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ResetAsync(
        ResetPasswordRequest request,
        IdentityDbContext db,
        EmailLinks links,
        IPasswordHasher<User> hasher,
        RefreshTokenStore refreshTokens,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(request.Token is not { Length: > 0 and <= EmailLinks.MaxTokenLength }, "token", "The token from the reset mail is required.");
        errors.Check(request.NewPassword is null, "newPassword", "A new password is required.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var check = await links.CheckAsync(request.Token!, EmailTokenPurposes.ResetPassword, cancellationToken);
        if (check.Outcome != EmailLinkOutcome.Valid) return EmailVerificationApi.LinkRefused(check.Outcome, "reset");

        var token = check.Token!;
        var user = await db.Users.Include(u => u.Credential).SingleAsync(u => u.Id == token.UserId, cancellationToken);
        // Checked before the link is used up, so a refused password leaves the link working.
        if (PasswordPolicy.Check(request.NewPassword, user.Username, user.Email) is { } passwordError)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("newPassword", passwordError).ToDictionary());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        user.SetPassword(hasher.HashPassword(user, request.NewPassword!), now);
        // Following the link proved the address too.
        if (token.Email == user.Email) user.ConfirmEmail(token.Email, now);
        await links.MarkUsedAsync(token, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await refreshTokens.RevokeAllAsync(user.Id, RevocationReasons.PasswordReset, cancellationToken);
        return TypedResults.NoContent();
    }
}
