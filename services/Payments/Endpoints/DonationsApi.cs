using System.Security.Claims;
using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Endpoints;

public sealed record DonationRequest(long? AmountCents, string? Currency, string? Message, Guid? StreamId);

public sealed record DonationView(
    Guid Id, Guid ChannelId, Guid? StreamId, long AmountCents, string Currency, string? Message, string Status,
    string? PaymentIntentId, string? ClientSecret, DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>Tips to a channel: started here, paid at Stripe, completed by the webhook.</summary>
public static class DonationsApi
{
    public static IEndpointRouteBuilder MapDonationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/channels/{slug}/donations", DonateAsync).WithTags("Donations").RequireAuthorization()
            .WithName("CreateDonation")
            .WithSummary("Start a donation (Idempotency-Key required): pay its PaymentIntent with the client secret; the webhook completes it");
        app.MapGet("/api/donations/{id:guid}", GetAsync).WithTags("Donations").RequireAuthorization()
            .WithName("GetDonation").WithSummary("A donation, for its donor (and admins)");
        return app;
    }

    internal static async Task<Results<Created<CheckoutView>, ValidationProblem, ProblemHttpResult>> DonateAsync(
        string slug, DonationRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        ClaimsPrincipal principal, PaymentsDbContext db, PurchaseCheckout checkout, IOptions<PaymentsOptions> options,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var rules = options.Value.Donations;
        var errors = new FieldErrors();
        errors.Check(IdempotencyKeys.Problem(idempotencyKey) is not null, IdempotencyKeys.Header, IdempotencyKeys.Problem(idempotencyKey) ?? "");
        errors.Check(request.AmountCents is not { } amount || amount < rules.MinimumCents || amount > rules.MaximumCents, "amountCents",
            $"amountCents is required, {rules.MinimumCents}–{rules.MaximumCents}.");
        var currency = request.Currency?.Trim().ToLowerInvariant();
        errors.Check(currency is null || !rules.Currencies.Contains(currency), "currency",
            $"currency is required, one of {string.Join(", ", rules.Currencies)}.");
        var message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim();
        errors.Check(message is { Length: var length } && length > rules.MaxMessageLength, "message",
            $"A message is at most {rules.MaxMessageLength} characters.");
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var me = principal.UserId();
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.FindChannelForBuyerAsync(slug, me, now, request.StreamId, cancellationToken);
        if (found is null) return ApiProblems.NotFound("channel");
        if (!found.StreamOfChannel)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("streamId", "No stream of this channel has that id.").ToDictionary());
        }
        if (found.BuyerBanned)
        {
            return ApiProblems.Of(StatusCodes.Status403Forbidden, "banned-from-channel",
                "You are banned from this channel and cannot donate to it.");
        }
        var channel = found.Channel;

        var amountCents = (int)request.AmountCents!.Value;
        var hash = IdempotencyKeys.RequestHash(PurchaseKinds.Donation, channel.ChannelId, amountCents, currency, message, request.StreamId);
        var donation = new Donation(Guid.CreateVersion7(), me, principal.Username(), channel.ChannelId, request.StreamId, amountCents,
            currency!, message, idempotencyKey!, hash, now);
        var result = await checkout.StartAsync(donation, d => d.DonorId == me && d.IdempotencyKey == idempotencyKey,
            $"Donation to {channel.Name}", cancellationToken);
        return CheckoutAnswers.Answer(result, $"/api/donations/{result.Purchase!.Id}", http);
    }

    internal static async Task<Results<Ok<DonationView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var donation = await db.Donations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        var me = principal.UserId();
        // Someone else's donation is as good as missing: its existence is the donor's business.
        if (donation is null || (donation.DonorId != me && !principal.IsInRole(Roles.Admin))) return ApiProblems.NotFound("donation");
        var secret = donation.DonorId == me && donation.Status != PurchaseStatuses.Completed ? donation.ClientSecret : null;
        return TypedResults.Ok(new DonationView(donation.Id, donation.ChannelId, donation.StreamId, donation.AmountCents, donation.Currency,
            donation.Message, donation.Status, donation.PaymentIntentId, secret, donation.CreatedAt, donation.CompletedAt));
    }
}
