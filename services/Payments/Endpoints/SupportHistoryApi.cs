using System.Security.Claims;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Endpoints;

/// <summary>A paid donation; <see cref="RefundedCents"/> is what refunds gave back or disputes took of it since.</summary>
public sealed record ReceivedDonation(
    Guid Id, Guid DonorId, string Donor, long AmountCents, string Currency, string? Message, Guid? StreamId, DateTime CompletedAt,
    long RefundedCents);

/// <summary>A paid gift; <see cref="RefundedCents"/> is what refunds gave back or disputes took of it since.</summary>
public sealed record ReceivedGift(
    Guid Id, Guid GifterId, string Gifter, string? Recipient, string GiftType, int Quantity, long AmountCents, string Currency,
    string? Message, Guid? StreamId, DateTime CompletedAt, long RefundedCents);

/// <summary>
/// Who supported a channel, one payment at a time, newest first (the revenue report gives the sums): only paid ones, for
/// the channel's owner and admins, as a creator thanks supporters on stream or checks a payment an alert showed. Each
/// says how much of it was refunded or lost to a dispute, so a creator does not thank anyone for money that went back.
/// </summary>
public static class SupportHistoryApi
{
    public static IEndpointRouteBuilder MapSupportHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels/{slug}/donations", DonationsAsync).WithTags("Donations").RequireAuthorization()
            .WithName("ListChannelDonations").WithSummary("A channel's paid donations, newest first (owner, admins)");
        app.MapGet("/api/channels/{slug}/gifts", GiftsAsync).WithTags("Gifts").RequireAuthorization()
            .WithName("ListChannelGifts").WithSummary("A channel's paid gifts, newest first (owner, admins)");
        return app;
    }

    internal static async Task<Results<Ok<Page<ReceivedDonation>>, ValidationProblem, ProblemHttpResult>> DonationsAsync(
        string slug, int? limit, string? cursor, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var (channelId, refusal) = await OwnChannelAsync(slug, principal, db, cancellationToken);
        if (refusal is not null) return refusal;

        var rows = db.Donations.AsNoTracking().Where(d => d.ChannelId == channelId && d.Status == PurchaseStatuses.Completed);
        if (page is { AfterTime: { } time, AfterId: { } id })
        {
            rows = rows.Where(d => d.CompletedAt < time || (d.CompletedAt == time && d.Id.CompareTo(id) < 0));
        }
        var found = await rows.OrderByDescending(d => d.CompletedAt).ThenByDescending(d => d.Id).Take(page.Limit + 1)
            .Select(d => new ReceivedDonation(d.Id, d.DonorId, d.DonorName, d.AmountCents, d.Currency, d.Message, d.StreamId,
                d.CompletedAt!.Value, 0))
            .ToListAsync(cancellationToken);
        var reversed = await ReversedAsync(db, found.Select(d => d.Id), cancellationToken);
        return TypedResults.Ok(page.ToPage(found.ConvertAll(d => d with { RefundedCents = reversed.GetValueOrDefault(d.Id) }),
            d => (d.CompletedAt, d.Id)));
    }

    internal static async Task<Results<Ok<Page<ReceivedGift>>, ValidationProblem, ProblemHttpResult>> GiftsAsync(
        string slug, int? limit, string? cursor, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var (channelId, refusal) = await OwnChannelAsync(slug, principal, db, cancellationToken);
        if (refusal is not null) return refusal;

        var rows = db.Gifts.AsNoTracking().Where(g => g.ChannelId == channelId && g.Status == PurchaseStatuses.Completed);
        if (page is { AfterTime: { } time, AfterId: { } id })
        {
            rows = rows.Where(g => g.CompletedAt < time || (g.CompletedAt == time && g.Id.CompareTo(id) < 0));
        }
        var found = await rows.OrderByDescending(g => g.CompletedAt).ThenByDescending(g => g.Id).Take(page.Limit + 1)
            .Select(g => new ReceivedGift(g.Id, g.GifterId, g.GifterName, g.RecipientName, g.GiftType, g.Quantity, g.AmountCents,
                g.Currency, g.Message, g.StreamId, g.CompletedAt!.Value, 0))
            .ToListAsync(cancellationToken);
        var reversed = await ReversedAsync(db, found.Select(g => g.Id), cancellationToken);
        return TypedResults.Ok(page.ToPage(found.ConvertAll(g => g with { RefundedCents = reversed.GetValueOrDefault(g.Id) }),
            g => (g.CompletedAt, g.Id)));
    }

    /// <summary>
    /// Per payment, what left Stripe's balance for the payer through its refunds and disputes, net of failed refunds and
    /// won disputes (Stripe's own fees on them excluded): the ledger's reversals linked to the payment.
    /// </summary>
    private static async Task<Dictionary<Guid, long>> ReversedAsync(PaymentsDbContext db, IEnumerable<Guid> paymentIds,
        CancellationToken cancellationToken)
    {
        var ids = paymentIds.ToList();
        if (ids.Count == 0) return [];
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account == LedgerAccounts.StripeBalance || e.Account == LedgerAccounts.StripeFees)
            .Join(db.LedgerTransactions.Where(t => (t.Kind == LedgerKinds.Refund || t.Kind == LedgerKinds.Dispute)
                    && t.SourceId != null && ids.Contains(t.SourceId.Value)),
                e => e.TransactionId, t => t.Id, (e, t) => new { PaymentId = t.SourceId!.Value, e.AmountCents })
            .GroupBy(r => r.PaymentId)
            .Select(g => new { PaymentId = g.Key, Cents = -g.Sum(r => r.AmountCents) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.PaymentId, r => r.Cents);
    }

    /// <summary>The channel's id when the caller owns it or is an admin; otherwise why not.</summary>
    private static async Task<(Guid ChannelId, ProblemHttpResult? Refusal)> OwnChannelAsync(string slug, ClaimsPrincipal principal,
        PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return (Guid.Empty, ApiProblems.NotFound("channel"));
        if (!principal.ManagesChannel(channel))
        {
            return (channel.ChannelId, ApiProblems.Forbidden("Only the channel's owner sees who supported it."));
        }
        return (channel.ChannelId, null);
    }
}
