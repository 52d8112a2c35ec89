using System.Security.Claims;
using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Provider;
using AeThexLive.Payments.Subscriptions;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Endpoints;

public sealed record SubscribeRequest(string? Tier);

public sealed record TierChangeRequest(string? Tier);

/// <summary>
/// A subscription, for its subscriber. While <see cref="Status"/> is incomplete, pay the first invoice with
/// <see cref="ClientSecret"/> (Stripe.js, or the sandbox's confirm); the webhook then makes it active.
/// </summary>
public sealed record SubscriptionView(
    Guid Id, Guid ChannelId, string? ChannelSlug, string Tier, int PriceCents, string Status, bool AutoRenew, DateTime? RenewalDate,
    DateTime StartedAt, DateTime? EndedAt, string? ClientSecret, bool Gifted);

public sealed record SubscriberView(Guid UserId, string Username, string Tier, string Status, bool AutoRenew, DateTime? RenewalDate,
    DateTime StartedAt);

/// <summary>Monthly subscriptions to a channel in three tiers, billed by Stripe; their state follows Stripe's events.</summary>
public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/channels/{slug}/subscriptions", SubscribeAsync).WithTags("Subscriptions").RequireAuthorization()
            .WithName("CreateSubscription")
            .WithSummary("Subscribe to a channel (tier basic, premium or vip), paying the first invoice with the client secret; one per channel");
        app.MapGet("/api/channels/{slug}/subscribers", SubscribersAsync).WithTags("Subscriptions").RequireAuthorization()
            .WithName("ListChannelSubscribers").WithSummary("A channel's subscribers with their tiers, newest first (owner, admins)");
        app.MapGet("/api/users/me/subscriptions", MineAsync).WithTags("Subscriptions").RequireAuthorization()
            .WithName("ListMySubscriptions").WithSummary("The signed-in user's subscriptions, newest first, ended ones included");
        var subscriptions = app.MapGroup("/api/subscriptions/{id:guid}").WithTags("Subscriptions").RequireAuthorization();
        subscriptions.MapGet("", GetAsync).WithName("GetSubscription").WithSummary("A subscription, for its subscriber");
        subscriptions.MapPatch("", ChangeTierAsync).WithName("ChangeSubscriptionTier")
            .WithSummary("Change tier now; the prorated difference is charged (or credited to the next renewal) at once");
        subscriptions.MapDelete("", CancelAsync).WithName("CancelSubscription")
            .WithSummary("Stop renewing: access lasts until the renewal date, then it expires (an unpaid one ends at once)");
        return app;
    }

    internal static async Task<Results<Created<SubscriptionView>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        string slug, SubscribeRequest request, ClaimsPrincipal principal, PaymentsDbContext db, SubscriptionCheckout checkout,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (TierProblem(request.Tier) is { } invalid) return invalid;
        var me = principal.UserId();
        var found = await db.FindChannelForBuyerAsync(slug, me, clock.GetUtcNow().UtcDateTime, null, cancellationToken);
        if (found is null) return ApiProblems.NotFound("channel");
        var channel = found.Channel;
        if (channel.OwnerId == me)
        {
            return ApiProblems.Of(StatusCodes.Status422UnprocessableEntity, "own-channel", "You cannot subscribe to your own channel.");
        }
        if (found.BuyerBanned)
        {
            return ApiProblems.Of(StatusCodes.Status403Forbidden, "banned-from-channel",
                "You are banned from this channel and cannot subscribe to it.");
        }

        var tier = request.Tier!.Trim().ToLowerInvariant();
        var result = await checkout.StartAsync(me, principal.Username(), channel, tier, cancellationToken);
        switch (result.Outcome)
        {
            case SubscribeOutcome.Created:
                var created = result.Subscription!;
                return TypedResults.Created($"/api/subscriptions/{created.Id}", View(created, channel.Slug, forSubscriber: true));
            case SubscribeOutcome.AlreadySubscribed:
                return ApiProblems.Of(StatusCodes.Status409Conflict, "already-subscribed",
                    "You already have a subscription to this channel.",
                    "Change its tier with PATCH /api/subscriptions/{id}, or cancel it first.",
                    new() { ["subscriptionId"] = result.Subscription?.Id });
            default:
                return ProviderProblem(result.Outcome, result.Detail, http);
        }
    }

    internal static async Task<Results<Ok<Page<SubscriberView>>, ValidationProblem, ProblemHttpResult>> SubscribersAsync(
        string slug, int? limit, string? cursor, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var channel = await db.FindChannelAsync(slug, cancellationToken);
        if (channel is null) return ApiProblems.NotFound("channel");
        if (!principal.ManagesChannel(channel))
        {
            return ApiProblems.Forbidden("Only the channel's owner sees its subscribers.");
        }
        var entitled = SubscriptionStatuses.Entitled.ToList();
        var rows = db.Subscriptions.AsNoTracking().Where(s => s.ChannelId == channel.ChannelId && entitled.Contains(s.Status));
        if (page is { AfterTime: { } time, AfterId: { } id })
        {
            rows = rows.Where(s => s.StartedAt < time || (s.StartedAt == time && s.Id.CompareTo(id) < 0));
        }
        var found = await rows.OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id).Take(page.Limit + 1)
            .Select(s => new
            {
                s.Id,
                View = new SubscriberView(s.SubscriberId,
                    db.UserReplicas.Where(u => u.UserId == s.SubscriberId).Select(u => u.Username).FirstOrDefault() ?? s.SubscriberName,
                    s.Tier, s.Status, s.AutoRenew, s.RenewalDate, s.StartedAt),
            })
            .ToListAsync(cancellationToken);
        var paged = page.ToPage(found, s => (s.View.StartedAt, s.Id));
        return TypedResults.Ok(new Page<SubscriberView>([.. paged.Items.Select(s => s.View)], paged.NextCursor));
    }

    internal static async Task<Results<Ok<Page<SubscriptionView>>, ValidationProblem>> MineAsync(
        int? limit, string? cursor, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var page = PageRequest.Read(limit, cursor, errors);
        if (errors.Any) return TypedResults.ValidationProblem(errors.ToDictionary());
        var me = principal.UserId();
        var rows = db.Subscriptions.AsNoTracking().Where(s => s.SubscriberId == me);
        if (page is { AfterTime: { } time, AfterId: { } id })
        {
            rows = rows.Where(s => s.CreatedAt < time || (s.CreatedAt == time && s.Id.CompareTo(id) < 0));
        }
        var found = await rows.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(page.Limit + 1)
            .Select(s => new
            {
                Subscription = s,
                Slug = db.ChannelReplicas.Where(c => c.ChannelId == s.ChannelId).Select(c => c.Slug).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var paged = page.ToPage(found, s => (s.Subscription.CreatedAt, s.Subscription.Id));
        return TypedResults.Ok(new Page<SubscriptionView>([.. paged.Items.Select(s => View(s.Subscription, s.Slug, forSubscriber: true))],
            paged.NextCursor));
    }

    internal static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal principal, PaymentsDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        // Someone else's subscription is as good as missing.
        if (subscription is null || subscription.SubscriberId != principal.UserId()) return ApiProblems.NotFound("subscription");
        return TypedResults.Ok(View(subscription, await SlugAsync(db, subscription.ChannelId, cancellationToken), forSubscriber: true));
    }

    internal static async Task<Results<Ok<SubscriptionView>, ValidationProblem, ProblemHttpResult>> ChangeTierAsync(
        Guid id, TierChangeRequest request, ClaimsPrincipal principal, PaymentsDbContext db, StripeBilling billing, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (TierProblem(request.Tier) is { } invalid) return invalid;
        var tier = request.Tier!.Trim().ToLowerInvariant();
        return await ChangeAsync(id, principal, db, http, cancellationToken, async subscription =>
        {
            if (subscription.Status is not (SubscriptionStatuses.Active or SubscriptionStatuses.PastDue))
            {
                return ApiProblems.Conflict("subscription-not-active", $"A subscription that is {subscription.Status} cannot change tier.",
                    "Pay its first invoice first, or subscribe again once it has expired.");
            }
            if (subscription.IsGifted)
            {
                return ApiProblems.Conflict("gifted-subscription", "A gifted subscription keeps its tier until its month is up.",
                    "Subscribe yourself once it has ended.");
            }
            if (subscription.Tier == tier) return null;
            var price = await billing.TierPriceAsync(tier, cancellationToken);
            subscription.SyncFrom(await billing.ChangeTierAsync(subscription.StripeSubscriptionId!, price, cancellationToken));
            return null;
        });
    }

    internal static async Task<Results<Ok<SubscriptionView>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal principal, PaymentsDbContext db, StripeBilling billing, HttpContext http, CancellationToken cancellationToken) =>
        await ChangeAsync(id, principal, db, http, cancellationToken, async subscription =>
        {
            if (subscription.IsExpired)
            {
                return ApiProblems.Conflict("subscription-expired", "This subscription has already ended.");
            }
            if (!subscription.AutoRenew) return null;
            var state = subscription.Status == SubscriptionStatuses.Incomplete
                ? await billing.CancelNowAsync(subscription.StripeSubscriptionId!, cancellationToken)
                : await billing.CancelAtPeriodEndAsync(subscription.StripeSubscriptionId!, cancellationToken);
            if (subscription.SyncFrom(state))
            {
                db.AddEvent(new SubscriptionEnded(subscription.Id, subscription.ChannelId, subscription.SubscriberId, subscription.Tier,
                    subscription.EndedAt ?? DateTime.UtcNow));
            }
            return null;
        });

    /// <summary>
    /// Runs a change of the caller's own subscription at Stripe while its row is locked, and keeps Stripe's answer; a refusal
    /// by <paramref name="change"/> (or a Stripe failure) leaves the row as it was.
    /// </summary>
    private static async Task<Results<Ok<SubscriptionView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid id, ClaimsPrincipal principal, PaymentsDbContext db, HttpContext http, CancellationToken cancellationToken,
        Func<Domain.Subscription, Task<ProblemHttpResult?>> change)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var subscription = await db.LockSubscriptionAsync(id, cancellationToken);
        if (subscription is null || subscription.SubscriberId != principal.UserId()) return ApiProblems.NotFound("subscription");
        try
        {
            if (await change(subscription) is { } refused) return refused;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderProblem(SubscribeOutcome.ProviderTimeout, "The payment provider did not answer in time.", http);
        }
        catch (Stripe.StripeException ex)
        {
            var outcome = PurchaseCheckout.IsPassing(ex.HttpStatusCode) ? SubscribeOutcome.ProviderUnavailable : SubscribeOutcome.ProviderRefused;
            return ProviderProblem(outcome, ex.StripeError?.Message ?? ex.Message, http);
        }
        catch (HttpRequestException)
        {
            return ProviderProblem(SubscribeOutcome.ProviderUnavailable, "The payment provider could not be reached.", http);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(View(subscription, await SlugAsync(db, subscription.ChannelId, cancellationToken), forSubscriber: true));
    }

    private static ValidationProblem? TierProblem(string? tier) =>
        tier is null || !SubscriptionTiers.All.Contains(tier.Trim().ToLowerInvariant())
            ? TypedResults.ValidationProblem(new FieldErrors()
                .Add("tier", $"tier is required, one of {string.Join(", ", SubscriptionTiers.All)}.").ToDictionary())
            : null;

    private static ProblemHttpResult ProviderProblem(SubscribeOutcome outcome, string? detail, HttpContext http)
    {
        if (outcome == SubscribeOutcome.ProviderRefused)
        {
            return ApiProblems.Of(StatusCodes.Status502BadGateway, "payment-refused", "The payment provider refused this change.", detail);
        }
        http.Response.Headers.RetryAfter = "1";
        var status = outcome == SubscribeOutcome.ProviderTimeout ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status503ServiceUnavailable;
        return ApiProblems.Of(status,
            "payment-provider-unavailable", "The payment provider did not answer; nothing was changed.", "Try again in a moment.");
    }

    private static Task<string?> SlugAsync(PaymentsDbContext db, Guid channelId, CancellationToken cancellationToken) =>
        db.ChannelReplicas.AsNoTracking().Where(c => c.ChannelId == channelId).Select(c => c.Slug).FirstOrDefaultAsync(cancellationToken);

    private static SubscriptionView View(Domain.Subscription s, string? slug, bool forSubscriber) =>
        new(s.Id, s.ChannelId, slug, s.Tier, s.PriceCents, s.Status, s.AutoRenew, s.RenewalDate, s.StartedAt, s.EndedAt,
            forSubscriber && s.Status == SubscriptionStatuses.Incomplete ? s.ClientSecret : null, s.IsGifted);
}
