using System.Security.Claims;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Ledger;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Endpoints;

public sealed record RevenueByKind(string Kind, int Payments, long GrossCents, long FeeCents, long CreatorShareCents);

/// <summary>One currency's figures: the window's payments, and what the creator is owed now (pending and available).</summary>
public sealed record CurrencyRevenue(
    string Currency, long GrossCents, long FeeCents, long CreatorShareCents, long PlatformNetCents, IReadOnlyList<RevenueByKind> ByKind,
    long PendingCents, long AvailableCents);

public sealed record RevenueShareView(string Kind, int CreatorShareBasisPoints, bool CreatorBearsFee);

public sealed record RevenueReport(
    Guid ChannelId, string Slug, DateTime? From, DateTime? To, IReadOnlyList<CurrencyRevenue> Currencies, IReadOnlyList<RevenueShareView> Shares);

public sealed record RevenueShareRequest(int? CreatorShareBasisPoints);

/// <summary>A channel's earnings, read from the ledger, and its share of each kind of payment.</summary>
public static class RevenueApi
{
    public static IEndpointRouteBuilder MapRevenueApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/channels/{slug}/revenue", GetAsync).WithTags("Revenue").RequireAuthorization().WithName("GetChannelRevenue")
            .WithSummary("Gross, Stripe fees and the creator's share by kind (from= to=, UTC), with pending and available balances (owner, admins)");
        app.MapPut("/api/channels/{slug}/revenue-shares/{kind}", SetShareAsync).WithTags("Revenue")
            .RequireAuthorization(PlatformTokens.AdminPolicy).WithName("SetChannelRevenueShare")
            .WithSummary("Set a channel's creator share (basis points, 10000 = 100 %) of donations, gifts or subscriptions (admins)");
        return app;
    }

    internal static async Task<Results<Ok<RevenueReport>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string slug, DateTime? from, DateTime? to, ClaimsPrincipal principal, PaymentsDbContext db, PaymentBooking booking,
        CancellationToken cancellationToken)
    {
        var since = from?.ToUniversalTime();
        var until = to?.ToUniversalTime();
        if (since is { } start && until is { } end && end < start)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("to", "to must not be before from.").ToDictionary());
        }
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!principal.ManagesChannel(channel))
        {
            return ApiProblems.Forbidden("Only the channel's owner sees its revenue.");
        }

        // Refunds and disputes are rows of their own with negative gross, so the totals are what the channel kept.
        var kinds = PurchaseKinds.All.Append(LedgerKinds.Refund).Append(LedgerKinds.Dispute).ToList();
        var payments = db.LedgerTransactions.AsNoTracking().Where(t => t.ChannelId == channel.ChannelId && kinds.Contains(t.Kind));
        if (since is not null) payments = payments.Where(t => t.OccurredAt >= since);
        if (until is not null) payments = payments.Where(t => t.OccurredAt < until);
        var rows = await payments.SelectMany(t => t.Entries, (t, e) => new { t.Kind, e.TransactionId, e.Account, e.AmountCents, e.Currency })
            .GroupBy(e => new { e.Kind, e.Currency })
            .Select(g => new
            {
                g.Key.Kind,
                g.Key.Currency,
                Payments = g.Select(e => e.TransactionId).Distinct().Count(),
                Gross = g.Sum(e => e.Account == LedgerAccounts.StripeBalance || e.Account == LedgerAccounts.StripeFees ? e.AmountCents : 0),
                Fees = g.Sum(e => e.Account == LedgerAccounts.StripeFees ? e.AmountCents : 0),
                Creator = -g.Sum(e =>
                    e.Account == LedgerAccounts.CreatorPending || e.Account == LedgerAccounts.CreatorAvailable ? e.AmountCents : 0),
            })
            .ToListAsync(cancellationToken);
        var balances = await db.ChannelBalances.AsNoTracking().Where(b => b.ChannelId == channel.ChannelId).ToListAsync(cancellationToken);

        var currencies = rows.Select(r => r.Currency).Union(balances.Select(b => b.Currency)).Order(StringComparer.Ordinal).Select(currency =>
        {
            var byKind = rows.Where(r => r.Currency == currency).OrderBy(r => r.Kind, StringComparer.Ordinal)
                .Select(r => new RevenueByKind(r.Kind, r.Payments, r.Gross, r.Fees, r.Creator)).ToList();
            var balance = balances.SingleOrDefault(b => b.Currency == currency);
            long gross = byKind.Sum(k => k.GrossCents), fees = byKind.Sum(k => k.FeeCents), creator = byKind.Sum(k => k.CreatorShareCents);
            return new CurrencyRevenue(currency, gross, fees, creator, gross - fees - creator, byKind,
                balance?.PendingCents ?? 0, balance?.AvailableCents ?? 0);
        }).ToList();

        var shares = new List<RevenueShareView>();
        foreach (var kind in PurchaseKinds.All)
        {
            var (basisPoints, creatorBearsFee) = await booking.ShareAsync(channel.ChannelId, kind, cancellationToken);
            shares.Add(new RevenueShareView(kind, basisPoints, creatorBearsFee));
        }
        return TypedResults.Ok(new RevenueReport(channel.ChannelId, channel.Slug, since, until, currencies, shares));
    }

    /// <summary>Takes effect for payments settled from now on; the ledger keeps what earlier ones paid.</summary>
    internal static async Task<Results<Ok<RevenueShareView>, ValidationProblem, ProblemHttpResult>> SetShareAsync(
        string slug, string kind, RevenueShareRequest request, ClaimsPrincipal principal, PaymentsDbContext db, PaymentBooking booking,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Check(!PurchaseKinds.All.Contains(kind), "kind", $"kind is one of {string.Join(", ", PurchaseKinds.All)}.");
        errors.Check(request.CreatorShareBasisPoints is not (>= 0 and <= 10_000), "creatorShareBasisPoints",
            "creatorShareBasisPoints is required, 0–10000 (10000 = 100 %).");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");

        var now = clock.GetUtcNow().UtcDateTime;
        var basisPoints = request.CreatorShareBasisPoints!.Value;
        var share = await db.RevenueShares.SingleOrDefaultAsync(s => s.ChannelId == channel.ChannelId && s.Kind == kind, cancellationToken);
        if (share is null) db.RevenueShares.Add(new RevenueShare(channel.ChannelId, kind, basisPoints, principal.UserId(), now));
        else share.Set(basisPoints, principal.UserId(), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (AeThexLive.Messaging.DbErrors.IsUniqueViolation(ex, "revenue_shares"))
        {
            return ApiProblems.Conflict("revenue-share-changed", "Another admin set this share at the same moment; read it and try again.");
        }
        var (current, creatorBearsFee) = await booking.ShareAsync(channel.ChannelId, kind, cancellationToken);
        return TypedResults.Ok(new RevenueShareView(kind, current, creatorBearsFee));
    }
}
