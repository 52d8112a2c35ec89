using System.Security.Claims;
using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Subscriptions;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AeThexLive.Payments.Endpoints;

public sealed record GiftRequest(string? ChannelSlug, string? GiftType, int? Quantity, string? RecipientUsername, Guid? StreamId, string? Message);

public sealed record GiftView(
    Guid Id, Guid ChannelId, string GiftType, int Quantity, int UnitPriceCents, long AmountCents, string Currency, Guid RecipientId,
    string? RecipientUsername, Guid? StreamId, string? Message, string Status, string? PaymentIntentId, string? ClientSecret,
    DateTime CreatedAt, DateTime? CompletedAt);

/// <summary>Virtual gifts from the catalogue, sent in a channel and paid like a donation.</summary>
public static class GiftsApi
{
    /// <summary>Twitch's limit for one community gift.</summary>
    private const int MaxCommunityGift = 100;

    public static IEndpointRouteBuilder MapGiftsApi(this IEndpointRouteBuilder app)
    {
        var gifts = app.MapGroup("/api/gifts").WithTags("Gifts").RequireAuthorization();
        gifts.MapPost("/", SendAsync).WithName("SendGift")
            .WithSummary("Buy virtual gifts, or a month's subscription (sub_basic|sub_premium|sub_vip) for a named viewer or for 1–100 "
                + "signed-in viewers of the live stream, in a channel (Idempotency-Key required); paid like a donation");
        gifts.MapGet("/{id:guid}", GetAsync).WithName("GetGift").WithSummary("A gift purchase, for its sender (and admins)");
        return app;
    }

    internal static async Task<Results<Created<CheckoutView>, ValidationProblem, ProblemHttpResult>> SendAsync(
        GiftRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        PaymentsDbContext db, PurchaseCheckout checkout, StripeBilling billing, StreamAudience audience, IOptions<PaymentsOptions> options,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var catalogue = options.Value.Gifts;
        var errors = new FieldErrors();
        errors.Check(IdempotencyKeys.Problem(idempotencyKey) is not null, IdempotencyKeys.Header, IdempotencyKeys.Problem(idempotencyKey) ?? "");
        errors.Check(string.IsNullOrWhiteSpace(request.ChannelSlug) || request.ChannelSlug.Length > 255, "channelSlug", "channelSlug is required.");
        var giftType = request.GiftType?.Trim().ToLowerInvariant();
        var tier = GiftedSubscriptionTypes.TierOf(giftType);
        var known = giftType is not null && (tier is not null || catalogue.Catalogue.ContainsKey(giftType));
        errors.Check(!known, "giftType",
            $"giftType is required, one of {string.Join(", ", catalogue.Catalogue.Keys.Order().Concat(GiftedSubscriptionTypes.All))}.");
        errors.Check(request.Quantity is not { } quantity || quantity < 1 || quantity > catalogue.MaxQuantity, "quantity",
            $"quantity is required, 1–{catalogue.MaxQuantity}.");
        if (known && tier is null && request.Quantity is { } count && (long)count * catalogue.Catalogue[giftType!] > catalogue.MaximumCents)
        {
            errors.Add("quantity", $"One purchase costs at most {catalogue.MaximumCents} cents.");
        }
        var message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim();
        var maxMessage = options.Value.Donations.MaxMessageLength;
        errors.Check(message is { Length: var length } && length > maxMessage, "message", $"A message is at most {maxMessage} characters.");
        errors.Check(request.RecipientUsername is { Length: > 50 }, "recipientUsername", "No user has so long a name.");
        var named = !string.IsNullOrWhiteSpace(request.RecipientUsername);
        if (tier is not null)
        {
            errors.Check(named && request.Quantity is > 1, "quantity", "A gifted subscription to a named user is for quantity 1.");
            errors.Check(!named && request.Quantity is > MaxCommunityGift, "quantity",
                $"A community gift is for 1–{MaxCommunityGift} subscriptions.");
        }
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());

        var me = principal.UserId();
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.FindChannelForBuyerAsync(request.ChannelSlug!, me, now, request.StreamId, cancellationToken);
        if (found is null) return ApiProblems.NotFound("channel");
        var channel = found.Channel;
        if (!found.StreamOfChannel)
        {
            return TypedResults.ValidationProblem(new FieldErrors().Add("streamId", "No stream of this channel has that id.").ToDictionary());
        }
        var (recipientId, recipientName) = (channel.OwnerId, (string?)null);
        if (named)
        {
            var recipient = await db.FindUserAsync(request.RecipientUsername!, cancellationToken);
            if (recipient is null) return ApiProblems.NotFound("user");
            (recipientId, recipientName) = (recipient.UserId, recipient.Username);
        }
        if (found.BuyerBanned)
        {
            return ApiProblems.Of(StatusCodes.Status403Forbidden, "banned-from-channel",
                "You are banned from this channel and cannot send it gifts.");
        }

        int unitPrice;
        List<(Guid UserId, string Username)>? drawn = null;
        Guid? streamOfGift = request.StreamId;
        if (tier is null)
        {
            unitPrice = catalogue.Catalogue[giftType!];
        }
        else if (!named)
        {
            // A retry under a key already used finds its gift (drawn then) in the checkout; the audience may have moved on.
            if (!await db.Gifts.AnyAsync(g => g.GifterId == me && g.IdempotencyKey == idempotencyKey, cancellationToken))
            {
                var (problem, stream, eligible) = await DrawAsync(audience, db, channel, me, request, now, http, cancellationToken);
                if (problem is not null) return problem;
                streamOfGift = stream;
                drawn = eligible;
            }
            if (await TierPriceAsync(billing, tier, http, cancellationToken) is not { } price) return ProviderUnavailable();
            unitPrice = price;
        }
        else
        {
            if (GiftedSubscriptionProblem(recipientId, me, channel) is { } invalid) return invalid;
            if (await db.LiveSubscriptions(recipientId, channel.ChannelId).AnyAsync(cancellationToken))
            {
                return ApiProblems.Conflict("already-subscribed", $"{recipientName} already subscribes to this channel.",
                    "Gift a subscription to someone who does not.");
            }
            if (await TierPriceAsync(billing, tier, http, cancellationToken) is not { } price) return ProviderUnavailable();
            unitPrice = price;
        }

        var hash = IdempotencyKeys.RequestHash(PurchaseKinds.Gift, channel.ChannelId, giftType, request.Quantity, unitPrice, recipientId,
            request.StreamId, message);
        var gift = new Gift(Guid.CreateVersion7(), me, principal.Username(), channel.ChannelId, recipientId, recipientName, streamOfGift,
            giftType!, request.Quantity!.Value, unitPrice, catalogue.Currency, message, idempotencyKey!, hash, now);
        if (drawn is not null) gift.ChooseRecipients(drawn);
        var result = await checkout.StartAsync(gift, g => g.GifterId == me && g.IdempotencyKey == idempotencyKey,
            $"{gift.Quantity} × {giftType} for {channel.Name}", cancellationToken);
        return CheckoutAnswers.Answer(result, $"/api/gifts/{result.Purchase!.Id}", http);
    }

    /// <summary>
    /// Draws a community gift's recipients among the live stream's signed-in viewers: the channel must be live (409
    /// <c>not-live</c>, also when <c>streamId</c> names another stream) and have as many eligible viewers as subscriptions.
    /// </summary>
    private static async Task<(ProblemHttpResult? Problem, Guid StreamId, List<(Guid UserId, string Username)> Drawn)> DrawAsync(
        StreamAudience audience, PaymentsDbContext db, ChannelReplica channel, Guid me, GiftRequest request, DateTime now, HttpContext http,
        CancellationToken cancellationToken)
    {
        LiveAudience? live;
        try
        {
            live = await audience.OfLiveStreamAsync(channel.ChannelId, cancellationToken);
        }
        catch (AudienceUnavailableException)
        {
            http.Response.Headers.RetryAfter = "1";
            return (ApiProblems.Of(StatusCodes.Status503ServiceUnavailable, "streaming-unavailable",
                "Who is watching could not be found out; nothing was bought.", $"Retry with the same {IdempotencyKeys.Header}."), default, []);
        }
        if (live is null || (request.StreamId is { } asked && asked != live.StreamId))
        {
            return (ApiProblems.Conflict("not-live", "A community gift goes to the viewers of a live stream; this channel is not live.",
                "Gift a subscription to a named user, or wait until the channel is live."), default, []);
        }
        var eligible = await CommunityGiftDraw.EligibleAsync(db, channel.ChannelId, channel.OwnerId, me, live.SignedInViewers, now,
            cancellationToken);
        if (eligible.Count < request.Quantity)
        {
            return (ApiProblems.Of(StatusCodes.Status409Conflict, "not-enough-viewers", "Too few viewers can receive a gifted subscription.",
                $"{eligible.Count} signed-in viewers without a subscription can receive one now.",
                new() { ["eligibleViewers"] = eligible.Count }), default, []);
        }
        return (null, live.StreamId, CommunityGiftDraw.Draw(eligible, request.Quantity!.Value));
    }

    private static ProblemHttpResult ProviderUnavailable() => ApiProblems.Of(StatusCodes.Status503ServiceUnavailable,
        "payment-provider-unavailable", "The payment provider did not answer; nothing was bought.", $"Retry with the same {IdempotencyKeys.Header}.");

    private static ValidationProblem? GiftedSubscriptionProblem(Guid recipientId, Guid me, ChannelReplica channel)
    {
        if (recipientId == me)
        {
            return TypedResults.ValidationProblem(new FieldErrors()
                .Add("recipientUsername", "You cannot gift a subscription to yourself; subscribe instead.").ToDictionary());
        }
        return recipientId == channel.OwnerId
            ? TypedResults.ValidationProblem(new FieldErrors()
                .Add("recipientUsername", "A channel's owner cannot subscribe to their own channel.").ToDictionary())
            : null;
    }

    /// <summary>The tier's monthly price in cents from Stripe, or null (with Retry-After) when Stripe does not answer.</summary>
    private static async Task<int?> TierPriceAsync(StripeBilling billing, string tier, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var price = await billing.TierPriceAsync(tier, cancellationToken);
            return checked((int)(price.UnitAmount ?? throw new InvalidOperationException($"The {tier} price has no unit amount.")));
        }
        catch (Exception ex) when (ex is Stripe.StripeException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            http.Response.Headers.RetryAfter = "1";
            return null;
        }
    }

    internal static async Task<Results<Ok<GiftView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var gift = await db.Gifts.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        var me = principal.UserId();
        if (gift is null || (gift.GifterId != me && !principal.IsInRole(Roles.Admin))) return ApiProblems.NotFound("gift");
        var secret = gift.GifterId == me && gift.Status != PurchaseStatuses.Completed ? gift.ClientSecret : null;
        return TypedResults.Ok(new GiftView(gift.Id, gift.ChannelId, gift.GiftType, gift.Quantity, gift.UnitPriceCents, gift.AmountCents,
            gift.Currency, gift.RecipientId, gift.RecipientName, gift.StreamId, gift.Message, gift.Status, gift.PaymentIntentId, secret,
            gift.CreatedAt, gift.CompletedAt));
    }
}
