using System.Globalization;
using System.Security.Claims;
using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Payouts;
using AeThexLive.Payments.Provider;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Endpoints;

public sealed record PayoutAccountView(string StripeAccountId, bool DetailsSubmitted, bool PayoutsEnabled, DateTime CreatedAt);

/// <summary>The account and a fresh link to Stripe's onboarding, which the creator's browser follows.</summary>
public sealed record PayoutOnboardingView(PayoutAccountView Account, string OnboardingUrl, DateTime ExpiresAt);

public sealed record PayoutView(Guid Id, Guid ChannelId, string? ChannelSlug, long AmountCents, string Currency, string Status,
    string? FailureCode, DateOnly? PeriodStart, DateOnly PeriodEnd, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The period to pay: it ends on <see cref="PeriodEnd"/> (yyyy-MM-dd, not in the future).</summary>
public sealed record PayoutRunRequest(string? PeriodEnd);

/// <summary>Creators connect a Stripe account and see their payouts; admins run a period's payouts.</summary>
public static class PayoutsApi
{
    public static IEndpointRouteBuilder MapPayoutsApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/users/me").WithTags("Payouts").RequireAuthorization();
        mine.MapPost("/payout-account", ConnectAsync).WithName("ConnectPayoutAccount")
            .WithSummary("Make the signed-in creator's Stripe Connect account (once) and return a fresh onboarding link");
        mine.MapGet("/payout-account", GetAccountAsync).WithName("GetPayoutAccount")
            .WithSummary("The signed-in creator's payout account: whether onboarding is done and payouts are enabled");
        mine.MapGet("/payouts", MineAsync).WithName("ListMyPayouts").WithSummary("The signed-in creator's payouts, newest first");
        app.MapPost("/api/admin/payouts/run", RunAsync).WithTags("Payouts").RequireAuthorization(PlatformTokens.AdminPolicy)
            .WithName("RunPayouts")
            .WithSummary("Pay every channel whose available balance reaches the minimum, once per channel and period (admins)");
        return app;
    }

    internal static async Task<Results<Ok<PayoutOnboardingView>, ProblemHttpResult>> ConnectAsync(
        ClaimsPrincipal principal, PaymentsDbContext db, StripeConnect stripe, IOptions<PaymentsOptions> options, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        if (!await db.ChannelReplicas.AnyAsync(c => c.OwnerId == me, cancellationToken))
        {
            return ApiProblems.Conflict("no-channel", "Only a channel's owner has earnings to be paid.", "Create a channel first.");
        }
        try
        {
            var account = await db.PayoutAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == me, cancellationToken);
            if (account is null)
            {
                // Keyed by the user at Stripe, so two requests at once make one account; the row follows it once.
                var made = await stripe.CreateAccountAsync(me, cancellationToken);
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO payout_accounts (user_id, stripe_account_id, details_submitted, payouts_enabled, created_at)
                    VALUES ({me}, {made.Id}, FALSE, FALSE, {Messaging.SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime)})
                    ON CONFLICT (user_id) DO NOTHING
                    """, cancellationToken);
                account = await db.PayoutAccounts.AsNoTracking().SingleAsync(a => a.UserId == me, cancellationToken);
            }
            var link = await stripe.OnboardingLinkAsync(account.StripeAccountId, options.Value.Payouts.ReturnUrl, cancellationToken);
            return TypedResults.Ok(new PayoutOnboardingView(ViewOf(account), link.Url, link.ExpiresAt));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            http.Response.Headers.RetryAfter = "1";
            return ApiProblems.Of(StatusCodes.Status504GatewayTimeout, "payment-provider-unavailable",
                "The payment provider did not answer in time.", "Try again: the account is made once.");
        }
        catch (Stripe.StripeException ex) when (PurchaseCheckout.IsPassing(ex.HttpStatusCode))
        {
            http.Response.Headers.RetryAfter = "1";
            return ApiProblems.Of(StatusCodes.Status503ServiceUnavailable, "payment-provider-unavailable",
                "The payment provider did not answer.", "Try again: the account is made once.");
        }
    }

    internal static async Task<Results<Ok<PayoutAccountView>, ProblemHttpResult>> GetAccountAsync(
        ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var me = principal.UserId();
        var account = await db.PayoutAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == me, cancellationToken);
        return account is null ? ApiProblems.NotFound("payout account") : TypedResults.Ok(ViewOf(account));
    }

    internal static async Task<Results<Ok<Page<PayoutView>>, ValidationProblem>> MineAsync(
        int? limit, string? cursor, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var me = principal.UserId();
        var rows = db.Payouts.AsNoTracking().Where(p => p.UserId == me);
        if (page is { AfterTime: { } time, AfterId: { } id })
        {
            rows = rows.Where(p => p.CreatedAt < time || (p.CreatedAt == time && p.Id.CompareTo(id) < 0));
        }
        var found = await rows.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(page.Limit + 1)
            .Select(p => new PayoutView(p.Id, p.ChannelId,
                db.ChannelReplicas.Where(c => c.ChannelId == p.ChannelId).Select(c => c.Slug).FirstOrDefault(),
                p.AmountCents, p.Currency, p.Status, p.FailureCode, p.PeriodStart, p.PeriodEnd, p.CreatedAt, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(found, p => (p.CreatedAt, p.Id)));
    }

    internal static async Task<Results<Ok<PayoutRunResult>, ValidationProblem>> RunAsync(
        PayoutRunRequest request, PayoutRun run, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        DateOnly periodEnd = default;
        var parsed = request.PeriodEnd is { } text
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out periodEnd);
        errors.Check(!parsed, "periodEnd", "periodEnd is required, a date as yyyy-MM-dd.");
        errors.Check(parsed && periodEnd > today, "periodEnd", "periodEnd cannot be in the future.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        return TypedResults.Ok(await run.RunAsync(periodEnd, cancellationToken));
    }

    private static PayoutAccountView ViewOf(PayoutAccount account) =>
        new(account.StripeAccountId, account.DetailsSubmitted, account.PayoutsEnabled, account.CreatedAt);
}
