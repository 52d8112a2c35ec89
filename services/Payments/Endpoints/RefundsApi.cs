using System.Security.Claims;
using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using AeThexLive.Payments.Provider;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Endpoints;

/// <summary>
/// Refund a payment: <see cref="Kind"/> donation, gift or subscription and the row's <see cref="Id"/>; for a subscription,
/// <see cref="InvoiceId"/> names which paid invoice (its latest by default). No amount refunds what is left of it.
/// </summary>
public sealed record RefundRequest(string? Kind, Guid? Id, string? InvoiceId, long? AmountCents, string? Reason);

public sealed record RefundView(string RefundId, string ChargeId, long AmountCents, string Currency, string Status, Guid PaymentTransactionId);

/// <summary>Admins give money back; the reversal is booked in the ledger once per refund id, linked to the payment.</summary>
public static class RefundsApi
{
    private static readonly string[] Reasons = ["duplicate", "fraudulent", "requested_by_customer"];

    public static IEndpointRouteBuilder MapRefundsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/refunds", RefundAsync).WithTags("Refunds").RequireAuthorization(PlatformTokens.AdminPolicy)
            .WithName("CreateRefund")
            .WithSummary("Refund all or part of a donation, gift or subscription payment (admins; Idempotency-Key required)");
        return app;
    }

    internal static async Task<Results<Created<RefundView>, ValidationProblem, ProblemHttpResult>> RefundAsync(
        RefundRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        PaymentsDbContext db, StripePayments stripe, PaymentReversals reversals, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var kind = request.Kind?.Trim().ToLowerInvariant();
        var errors = new FieldErrors();
        errors.Check(IdempotencyKeys.Problem(idempotencyKey) is not null, IdempotencyKeys.Header, IdempotencyKeys.Problem(idempotencyKey) ?? "");
        errors.Check(kind is null || !PurchaseKinds.All.Contains(kind), "kind",
            $"kind is required, one of {string.Join(", ", PurchaseKinds.All)}.");
        errors.Check(request.Id is null || request.Id == Guid.Empty, "id", "id (the donation, gift or subscription) is required.");
        var invoiceIsWrong = request.InvoiceId is not null && (kind != PurchaseKinds.Subscription
            || !request.InvoiceId.StartsWith("in_", StringComparison.Ordinal) || request.InvoiceId.Length > 255);
        errors.Check(invoiceIsWrong, "invoiceId", "invoiceId names a subscription's invoice (in_…).");
        errors.Check(request.AmountCents is < 1, "amountCents", "amountCents, if given, is at least 1.");
        errors.Check(request.Reason is not null && !Reasons.Contains(request.Reason), "reason",
            $"reason, if given, is one of {string.Join(", ", Reasons)}.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var payments = db.LedgerTransactions.AsNoTracking().Where(t => t.Kind == kind && t.SourceType == kind && t.SourceId == request.Id);
        if (request.InvoiceId is { } invoiceId) payments = payments.Where(t => t.BusinessKey == PaymentBooking.InvoicePaidKey(invoiceId));
        var payment = await payments.OrderByDescending(t => t.OccurredAt).Select(t => new { t.Id, t.ChargeId })
            .FirstOrDefaultAsync(cancellationToken);
        if (payment is null) return ApiProblems.NotFound("paid payment");
        if (payment.ChargeId is null)
        {
            return ApiProblems.Conflict("payment-without-charge", "This payment's charge is not known, so it cannot be refunded here.");
        }

        Stripe.Refund refund;
        try
        {
            refund = await stripe.RefundAsync(payment.ChargeId, request.AmountCents, request.Reason,
                $"aethex-refund-{principal.UserId():N}-{idempotencyKey}", cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            http.Response.Headers.RetryAfter = "1";
            return ApiProblems.Of(StatusCodes.Status504GatewayTimeout, "payment-provider-unavailable",
                "The payment provider did not answer in time.", $"Retry with the same {IdempotencyKeys.Header}: the refund is made once.");
        }
        catch (Stripe.StripeException ex) when (PurchaseCheckout.IsPassing(ex.HttpStatusCode))
        {
            http.Response.Headers.RetryAfter = "1";
            return ApiProblems.Of(StatusCodes.Status503ServiceUnavailable, "payment-provider-unavailable",
                "The payment provider did not answer.", $"Retry with the same {IdempotencyKeys.Header}: the refund is made once.");
        }
        catch (Stripe.StripeException ex) when (ex.StripeError?.Type == "idempotency_error")
        {
            return ApiProblems.Of(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
                $"This {IdempotencyKeys.Header} was used for a different refund.");
        }
        catch (Stripe.StripeException ex)
        {
            return ApiProblems.Conflict("refund-refused", "The payment provider refused this refund.", ex.StripeError?.Message ?? ex.Message);
        }

        // Booked now rather than only when charge.refunded arrives: whichever comes second finds the refund's key taken.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await reversals.RefundAsync(payment.ChargeId, refund.Id, refund.Amount, refund.Status is "failed" or "canceled",
                clock.GetUtcNow().UtcDateTime, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Created((string?)null, new RefundView(refund.Id, payment.ChargeId, refund.Amount, refund.Currency.ToUpperInvariant(),
            refund.Status, payment.Id));
    }
}
