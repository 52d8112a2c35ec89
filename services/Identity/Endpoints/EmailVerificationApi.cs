using System.Globalization;
using System.Security.Claims;
using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.Messaging;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AeThexLive.Identity.Endpoints;

public sealed record VerifyEmailRequest(string? Token);

public sealed record EmailStatus(string Email, bool EmailVerified, string? PendingEmail);

public sealed record ChangeEmailRequest(string? Email);

/// <summary>Where a verification mail went.</summary>
public sealed record VerificationSent(string SentTo);

/// <summary>
/// Proving an address: after sign-up, on request, and before a new address replaces the old one
/// (the old one stays in use, for sign-in and for mail, until the new one is confirmed).
/// </summary>
public static class EmailVerificationApi
{
    public static IEndpointRouteBuilder MapEmailVerificationApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/verify-email", VerifyAsync).WithName("VerifyEmail")
            .WithSummary("Confirm an address with the token from the verification mail (single use, 24 h)");
        auth.MapPost("/verify-email/resend", ResendAsync).WithName("ResendVerificationEmail")
            .WithSummary("Send the verification mail again (to the pending address if there is one); limited to one a minute and five a day")
            .RequireAuthorization();
        app.MapGroup("/api/users").WithTags("Users")
            .MapPut("/me/email", ChangeAsync).WithName("ChangeEmail")
            .WithSummary("Move to another address: a verification mail goes to it, and the current address stays until it is confirmed")
            .RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Ok<EmailStatus>, ValidationProblem, ProblemHttpResult>> VerifyAsync(
        VerifyEmailRequest request, IdentityDbContext db, EmailLinks links, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Token is not { Length: > 0 and <= EmailLinks.MaxTokenLength } presented)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("token", "The token from the verification mail is required.").ToDictionary());
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var check = await links.CheckAsync(presented, EmailTokenPurposes.VerifyEmail, cancellationToken);
        if (check.Outcome != EmailLinkOutcome.Valid) return LinkRefused(check.Outcome, "verification");

        var token = check.Token!;
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == token.UserId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!user.ConfirmEmail(token.Email, now))
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "verification-link-superseded", "This link is for an address the account no longer uses.",
                "The address was changed again after this mail was sent; use the link in the newest mail.");
        }
        await links.MarkUsedAsync(token, cancellationToken);
        try
        {
            // users.email is the table's alternate key, which EF will not change on a tracked entity: the row is written here.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE users SET email = {user.Email}, pending_email = {user.PendingEmail}, email_verified = {user.EmailVerified},
                    updated_at = {SqlTimestamp.Of(now)}
                WHERE id = {user.Id}
                """, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return ApiProblems.Conflict("already-taken", "That email is already taken.", "Another account confirmed this address first.");
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new EmailStatus(user.Email, user.EmailVerified, user.PendingEmail));
    }

    internal static async Task<Results<Accepted<VerificationSent>, ProblemHttpResult>> ResendAsync(
        ClaimsPrincipal principal, HttpContext context, IdentityDbContext db, EmailLinks links, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == principal.UserId(), cancellationToken);
        if (user is null) return ApiProblems.NotFound("user");
        var address = user.PendingEmail ?? user.Email;
        if (user.PendingEmail is null && user.EmailVerified)
        {
            return ApiProblems.Conflict("email-already-verified", "The address is already verified.");
        }
        if (await links.NextAllowedAsync(user.Id, EmailTokenPurposes.VerifyEmail, cancellationToken) is { } next)
        {
            return TooSoon(context, next, clock);
        }

        links.SendVerification(user, address);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null, new VerificationSent(address));
    }

    internal static async Task<Results<Accepted<EmailStatus>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        ChangeEmailRequest request, ClaimsPrincipal principal, HttpContext context, IdentityDbContext db, EmailLinks links, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var email = request.Email?.Trim().ToLowerInvariant() ?? "";
        if (!AuthApi.IsEmail(email))
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("email", "Email must be a valid address.").ToDictionary());
        }
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == principal.UserId(), cancellationToken);
        if (user is null) return ApiProblems.NotFound("user");
        if (email == user.Email)
        {
            user.RequestEmailChange(email, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Accepted((string?)null, new EmailStatus(user.Email, user.EmailVerified, user.PendingEmail));
        }
        if (await db.Users.AnyAsync(u => u.Email == email && u.Id != user.Id, cancellationToken))
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, "already-taken", "That email is already taken.",
                extensions: new() { ["field"] = "email" });
        }
        if (await links.NextAllowedAsync(user.Id, EmailTokenPurposes.VerifyEmail, cancellationToken) is { } next)
        {
            return TooSoon(context, next, clock);
        }

        user.RequestEmailChange(email, clock.GetUtcNow().UtcDateTime);
        links.SendVerification(user, email);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null, new EmailStatus(user.Email, user.EmailVerified, user.PendingEmail));
    }

    /// <summary>A link that cannot be used, said plainly: the page can offer to send a new one.</summary>
    internal static ProblemHttpResult LinkRefused(EmailLinkOutcome outcome, string kind) => outcome switch
    {
        EmailLinkOutcome.Used => ApiProblems.Of(StatusCodes.Status400BadRequest, $"{kind}-link-used", $"This {kind} link was already used.",
            "Each link works once; ask for a new one."),
        EmailLinkOutcome.Expired => ApiProblems.Of(StatusCodes.Status400BadRequest, $"{kind}-link-expired", $"This {kind} link has expired.",
            "Ask for a new one."),
        _ => ApiProblems.Of(StatusCodes.Status400BadRequest, $"{kind}-link-invalid", $"This {kind} link is not valid.",
            "Copy the whole link from the mail, or ask for a new one."),
    };

    private static ProblemHttpResult TooSoon(HttpContext context, DateTime next, TimeProvider clock)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((next - clock.GetUtcNow().UtcDateTime).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Of(StatusCodes.Status429TooManyRequests, "verification-mail-limit", "A verification mail was sent too recently.",
            $"Check your inbox, or try again in {seconds} seconds.", new() { ["retryAfterSeconds"] = seconds });
    }
}
