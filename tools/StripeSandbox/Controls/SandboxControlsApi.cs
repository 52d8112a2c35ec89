using System.Net;
using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Endpoints;
using AeThexLive.StripeSandbox.Engine;
using AeThexLive.StripeSandbox.Webhooks;
using AeThexLive.StripeSandbox.Wire;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Controls;

/// <summary>
/// Test controls under <c>/_sandbox</c>: the clock, disputes, 3-D Secure answers, Connect
/// onboarding, payout outcomes, webhook delivery modes, planned faults, reset and counters.
/// They need no API key (the sandbox only listens on loopback) and answer JSON; refusals use
/// Stripe's error shape like the API.
/// </summary>
internal static class SandboxControlsApi
{
    public static IEndpointRouteBuilder MapSandboxControls(this IEndpointRouteBuilder app)
    {
        var controls = app.MapGroup("/_sandbox").WithTags("Sandbox controls");
        controls.MapGet("/config", Config).WithName("SandboxConfig").WithSummary("Keys in use, webhook endpoint and secret, clock.");
        controls.MapPut("/webhook", SetWebhook).WithName("SetWebhookEndpoint").WithSummary("Points event delivery at a URL (and secret).");
        controls.MapGet("/clock", Clock).WithName("SandboxClock").WithSummary("The sandbox's current time.");
        controls.MapPost("/clock/advance", AdvanceClock).WithName("AdvanceClock")
            .WithSummary("Moves the clock forward, running renewals, retries, expiries and payout arrivals on the way.");
        controls.MapPost("/subscriptions/{id}/renew", RenewSubscription).WithName("RenewSubscriptionNow")
            .WithSummary("Ends one subscription's period now and renews it (fail=true: its charge declines), leaving the clock alone.");
        controls.MapPost("/subscriptions/{id}/retry", RetrySubscription).WithName("RetrySubscriptionNow")
            .WithSummary("Retries one subscription's unpaid invoice now (fail=true: it declines again; after the last retry it ends).");
        controls.MapPost("/charges/{id}/dispute", OpenDispute).WithName("OpenDispute").WithSummary("The cardholder disputes a charge.");
        controls.MapPost("/disputes/{id}/close", CloseDispute).WithName("CloseDisputeWithOutcome")
            .WithSummary("The bank decides a dispute: outcome won or lost.");
        controls.MapPost("/payment_intents/{id}/authenticate", Authenticate).WithName("AnswerThreeDSecure")
            .WithSummary("The cardholder passes (succeed) or fails (fail) a 3-D Secure challenge.");
        controls.MapGet("/3ds/{id}", ThreeDSecurePage).WithName("ThreeDSecureRedirect")
            .WithSummary("Where next_action sends the browser: passes the challenge (or ?outcome=fail) and returns to return_url.");
        controls.MapPost("/accounts/{id}/onboard", Onboard).WithName("OnboardAccount")
            .WithSummary("Completes a connected account's onboarding.");
        controls.MapPost("/accounts/{id}/restrict", Restrict).WithName("RestrictAccount")
            .WithSummary("Disables a connected account's payouts.");
        controls.MapPost("/accounts/{id}/payout-failures", SetPayoutFailures).WithName("SetPayoutFailures")
            .WithSummary("Makes an account's payouts fail (account_closed) when they arrive.");
        controls.MapGet("/connect/onboarding/{token}", FollowOnboardingLink).WithName("FollowOnboardingLink")
            .WithSummary("An account link: completes onboarding and redirects to return_url.");
        controls.MapGet("/connect/dashboard/{id}", Dashboard).WithName("ExpressDashboard").WithSummary("A login link's landing page.");
        controls.MapPost("/payouts/{id}/paid", PayoutPaid).WithName("PayoutPaid").WithSummary("A pending payout arrives now.");
        controls.MapPost("/payouts/{id}/failed", PayoutFailed).WithName("PayoutFailed").WithSummary("A pending payout fails now.");
        controls.MapPost("/balance/topup", TopUp).WithName("TopUpBalance").WithSummary("Adds available funds to the platform's balance.");
        controls.MapGet("/webhooks/mode", GetMode).WithName("GetDeliveryMode").WithSummary("How new events are delivered.");
        controls.MapPut("/webhooks/mode", SetMode).WithName("SetDeliveryMode")
            .WithSummary("copies, delayMs, jitterMs, hold, drop, dropNext for events from now on.");
        controls.MapPost("/webhooks/release", Release).WithName("ReleaseHeldDeliveries")
            .WithSummary("Sends the held deliveries, shuffled unless shuffle=false.");
        controls.MapPost("/webhooks/wait", Wait).WithName("WaitForDeliveries")
            .WithSummary("Waits until no delivery is pending or in flight (held ones aside), up to timeoutMs.");
        controls.MapGet("/deliveries", Deliveries).WithName("ListDeliveries")
            .WithSummary("Deliveries and their attempts, filtered by status, type or eventId.");
        controls.MapPost("/events/{id}/resend", Resend).WithName("ResendEvent").WithSummary("Delivers an event once more.");
        controls.MapGet("/faults", Faults).WithName("ListFaults").WithSummary("Planned stalls and failures not yet used.");
        controls.MapPost("/faults", AddFault).WithName("AddFault")
            .WithSummary("The next count API calls stall stallMs (then run) or fail with failStatus (500, 429) without running.");
        controls.MapDelete("/faults", ClearFaults).WithName("ClearFaults").WithSummary("Forgets planned faults.");
        controls.MapPost("/reset", Reset).WithName("ResetSandbox")
            .WithSummary("Forgets every object, event, delivery, idempotency key, fault and counter; re-creates the tier prices.");
        controls.MapGet("/stats", Stats).WithName("SandboxStats")
            .WithSummary("Calls executed and replayed (per route), idempotency refusals, faults, objects and deliveries.");
        return app;
    }

    private static IResult Config(IOptions<SandboxOptions> options, WebhookDispatcher dispatcher, SandboxStore store) => TypedResults.Ok(new
    {
        apiVersion = options.Value.ApiVersion,
        secretKey = string.IsNullOrEmpty(options.Value.SecretKey) ? "any sk_test_… key" : "configured",
        publishableKey = string.IsNullOrEmpty(options.Value.PublishableKey) ? "any pk_test_… key" : options.Value.PublishableKey,
        webhookUrl = dispatcher.Url,
        webhookSecret = dispatcher.Secret,
        now = store.Now,
        clockOffsetSeconds = store.Clock.OffsetSeconds,
    });

    private static IResult SetWebhook(WebhookEndpoint endpoint, WebhookDispatcher dispatcher)
    {
        if (endpoint.Url is not null
            && (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            return StripeResult.Error(StripeApiException.Invalid("url must be an absolute http(s) URL.", "url"));
        }
        if (endpoint.Secret is { } secret && !secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            return StripeResult.Error(StripeApiException.Invalid("A webhook secret starts with whsec_.", "secret"));
        }
        dispatcher.Configure(endpoint.Url, endpoint.Secret);
        return TypedResults.Ok(new { url = dispatcher.Url, secret = dispatcher.Secret });
    }

    private static IResult Clock(SandboxStore store) => TypedResults.Ok(new { now = store.Now, offsetSeconds = store.Clock.OffsetSeconds });

    private static Task<IResult> AdvanceClock(ClockAdvance advance, SandboxStore store, ClockRunner clock) => Exclusive(store, () =>
    {
        var target = advance.To ?? store.Now + (advance.Seconds ?? 0) + (long)((advance.Days ?? 0) * 86_400);
        if (target < store.Now)
        {
            throw StripeApiException.Invalid("The sandbox clock only moves forward.", "to");
        }
        var steps = clock.AdvanceTo(target);
        return TypedResults.Ok(new { now = store.Now, offsetSeconds = store.Clock.OffsetSeconds, steps });
    });

    private static Task<IResult> RenewSubscription(string id, BillingAttempt? attempt, SandboxStore store, BillingEngine billing,
        PaymentEngine payments) => Exclusive(store, () =>
    {
        var subscription = store.Subscriptions.Get(id);
        billing.RenewNow(subscription, DecliningCard(attempt, payments));
        return StripeResult.Ok(subscription.ToJson(store));
    });

    private static Task<IResult> RetrySubscription(string id, BillingAttempt? attempt, SandboxStore store, BillingEngine billing,
        PaymentEngine payments) => Exclusive(store, () =>
    {
        var subscription = store.Subscriptions.Get(id);
        billing.RetryNow(subscription, DecliningCard(attempt, payments));
        return StripeResult.Ok(subscription.ToJson(store));
    });

    private static CardPaymentMethod? DecliningCard(BillingAttempt? attempt, PaymentEngine payments) =>
        attempt?.Fail == true ? payments.ResolvePaymentMethod("pm_card_chargeCustomerFail", "fail") : null;

    private static Task<IResult> OpenDispute(string id, DisputeOpening? opening, SandboxStore store, PaymentEngine payments) =>
        Exclusive(store, () =>
        {
            var reason = opening?.Reason ?? "fraudulent";
            if (reason is not ("fraudulent" or "duplicate" or "product_not_received" or "unrecognized" or "subscription_canceled"
                or "credit_not_processed" or "general" or "product_unacceptable"))
            {
                throw StripeApiException.Invalid($"Unknown dispute reason: {reason}", "reason");
            }
            var dispute = payments.OpenDispute(store.Charges.Get(id, "charge"), opening?.Amount, reason);
            return StripeResult.Ok(dispute.ToJson(store));
        });

    private static Task<IResult> CloseDispute(string id, DisputeClosing closing, SandboxStore store, PaymentEngine payments) =>
        Exclusive(store, () =>
        {
            if (closing.Outcome is not ("won" or "lost"))
            {
                throw StripeApiException.Invalid("outcome must be won or lost.", "outcome");
            }
            var dispute = store.Disputes.Get(id);
            payments.CloseDispute(dispute, closing.Outcome == "won");
            return StripeResult.Ok(dispute.ToJson(store));
        });

    private static Task<IResult> Authenticate(string id, AuthenticationAnswer answer, SandboxStore store, PaymentEngine payments) =>
        Exclusive(store, () =>
        {
            if (answer.Outcome is not ("succeed" or "fail"))
            {
                throw StripeApiException.Invalid("outcome must be succeed or fail.", "outcome");
            }
            var intent = store.PaymentIntents.Get(id);
            payments.CompleteAuthentication(intent, answer.Outcome == "succeed");
            return StripeResult.Ok(intent.ToJson(store));
        });

    private static Task<IResult> ThreeDSecurePage(string id, string? client_secret, string? outcome, SandboxStore store,
        PaymentEngine payments) => Exclusive(store, () =>
    {
        var intent = store.PaymentIntents.Get(id);
        if (client_secret != intent.ClientSecret)
        {
            throw StripeApiException.Invalid("The client_secret does not match this PaymentIntent.", "client_secret");
        }
        payments.CompleteAuthentication(intent, outcome != "fail");
        if (intent.ReturnUrl is { } returnUrl)
        {
            var separator = returnUrl.Contains('?') ? '&' : '?';
            return Results.Redirect($"{returnUrl}{separator}payment_intent={intent.Id}"
                + $"&payment_intent_client_secret={Uri.EscapeDataString(intent.ClientSecret)}&redirect_status={intent.Status}");
        }
        return Results.Content($"<!doctype html><title>3-D Secure</title><p>Authentication {WebUtility.HtmlEncode(intent.Status)}.</p>",
            "text/html");
    });

    private static Task<IResult> Onboard(string id, SandboxStore store, ConnectEngine connect) => Exclusive(store, () =>
    {
        var account = store.Accounts.Get(id);
        connect.Onboard(account);
        return StripeResult.Ok(account.ToJson(store));
    });

    private static Task<IResult> Restrict(string id, AccountRestriction? restriction, SandboxStore store, ConnectEngine connect) =>
        Exclusive(store, () =>
        {
            var account = store.Accounts.Get(id);
            connect.Restrict(account, restriction?.Reason ?? "requirements.past_due");
            return StripeResult.Ok(account.ToJson(store));
        });

    private static Task<IResult> SetPayoutFailures(string id, PayoutFailures? failures, SandboxStore store) => Exclusive(store, () =>
    {
        var account = store.Accounts.Get(id);
        account.FailPayouts = failures?.Enabled ?? true;
        return StripeResult.Ok(account.ToJson(store));
    });

    private static Task<IResult> FollowOnboardingLink(string token, SandboxStore store, ConnectEngine connect) => Exclusive(store, () =>
    {
        var next = connect.FollowLink(token);
        return next.Length == 0
            ? Results.Content("<!doctype html><title>Link expired</title><p>This onboarding link has expired or was used.</p>",
                "text/html", statusCode: 410)
            : Results.Redirect(next);
    });

    private static IResult Dashboard(string id) =>
        Results.Content(
            $"<!doctype html><title>Express dashboard</title><p>Sandbox dashboard of {WebUtility.HtmlEncode(id)}.</p>", "text/html");

    private static Task<IResult> PayoutPaid(string id, SandboxStore store, ConnectEngine connect) => Exclusive(store, () =>
    {
        var payout = store.Payouts.Find(id) ?? throw StripeApiException.Missing("payout", id);
        connect.SettlePayout(payout, paid: true);
        return StripeResult.Ok(payout.ToJson(store));
    });

    private static Task<IResult> PayoutFailed(string id, PayoutFailure? failure, SandboxStore store, ConnectEngine connect) =>
        Exclusive(store, () =>
        {
            var payout = store.Payouts.Find(id) ?? throw StripeApiException.Missing("payout", id);
            connect.SettlePayout(payout, paid: false, failure?.FailureCode ?? "account_closed");
            return StripeResult.Ok(payout.ToJson(store));
        });

    private static Task<IResult> TopUp(BalanceTopUp topUp, SandboxStore store, PaymentEngine payments) => Exclusive(store, () =>
    {
        if (topUp.Amount <= 0) throw StripeApiException.Invalid("amount must be positive.", "amount");
        var currency = topUp.Currency.ToLowerInvariant();
        if (!Money.Currencies.Contains(currency)) throw StripeApiException.Invalid($"Invalid currency: {currency}.", "currency");
        payments.Book(null, topUp.Amount, 0, currency, "topup", "topup", StripeIds.New("tu"), "Sandbox top-up");
        return StripeResult.Ok(payments.BalanceJson(null));
    });

    private static IResult GetMode(WebhookDispatcher dispatcher) => TypedResults.Ok(dispatcher.Mode);

    private static IResult SetMode(DeliveryMode mode, WebhookDispatcher dispatcher)
    {
        if (mode.Copies < 1 || mode.DelayMs < 0 || mode.JitterMs < 0 || mode.DropNext < 0)
        {
            return StripeResult.Error(StripeApiException.Invalid("copies must be at least 1; delays and dropNext not negative."));
        }
        dispatcher.SetMode(mode);
        return TypedResults.Ok(dispatcher.Mode);
    }

    private static IResult Release(HeldRelease? release, WebhookDispatcher dispatcher) =>
        TypedResults.Ok(new { released = dispatcher.Release(release?.Shuffle ?? true, release?.Seed) });

    private static async Task<IResult> Wait(DeliveryWait? wait, WebhookDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddMilliseconds(Math.Clamp(wait?.TimeoutMs ?? 10_000, 0, 120_000));
        while (dispatcher.Outstanding() > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }
        var outstanding = dispatcher.Outstanding();
        return TypedResults.Ok(new { idle = outstanding == 0, outstanding });
    }

    private static IResult Deliveries(string? status, string? type, string? eventId, int? limit, WebhookDispatcher dispatcher)
    {
        var deliveries = dispatcher.List(d =>
            (status is null || string.Equals(d.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
            && (type is null || d.Event.Type == type) && (eventId is null || d.Event.Id == eventId));
        return TypedResults.Ok(new
        {
            total = deliveries.Count,
            counts = dispatcher.Counts(),
            data = deliveries.TakeLast(Math.Clamp(limit ?? 1000, 1, 100_000)).Select(d => d.Describe()),
        });
    }

    private static async Task<IResult> Resend(string id, SandboxStore store, WebhookDispatcher dispatcher)
    {
        await store.Gate.WaitAsync();
        StripeEvent? stripeEvent;
        try
        {
            stripeEvent = store.Events.Find(id);
        }
        finally
        {
            store.Gate.Release();
        }
        if (stripeEvent is null) return StripeResult.Error(StripeApiException.Missing("event", id));
        var delivery = dispatcher.Resend(stripeEvent);
        return delivery is null
            ? StripeResult.Error(StripeApiException.Invalid("No webhook endpoint is configured.", "url"))
            : TypedResults.Ok(delivery.Describe());
    }

    private static IResult Faults(FaultPlan faults) => TypedResults.Ok(faults.Describe());

    private static IResult AddFault(FaultRequest request, FaultPlan faults)
    {
        if (request.Count < 1 || request.StallMs < 0 || request.StallMs > 600_000)
        {
            return StripeResult.Error(StripeApiException.Invalid("count must be at least 1 and stallMs between 0 and 600000."));
        }
        if (request.FailStatus is { } status && status is not (429 or 500 or 502 or 503))
        {
            return StripeResult.Error(StripeApiException.Invalid("failStatus must be 429, 500, 502 or 503.", "failStatus"));
        }
        if (request.FailStatus is null && request.StallMs == 0)
        {
            return StripeResult.Error(StripeApiException.Invalid("Give stallMs or failStatus."));
        }
        faults.Add(new FaultRule
        {
            Remaining = request.Count,
            Stall = TimeSpan.FromMilliseconds(request.StallMs),
            FailStatus = request.FailStatus,
            Method = request.Method,
            PathPrefix = request.Path,
        });
        return TypedResults.Ok(faults.Describe());
    }

    private static IResult ClearFaults(FaultPlan faults)
    {
        faults.Clear();
        return TypedResults.Ok(faults.Describe());
    }

    private static Task<IResult> Reset(SandboxStore store, WebhookDispatcher dispatcher, IdempotencyLedger idempotency, FaultPlan faults,
        SandboxStats stats, ConnectEngine connect) => Exclusive(store, () =>
    {
        store.Reset();
        dispatcher.Reset();
        idempotency.Clear();
        faults.Clear();
        stats.Reset();
        connect.Reset();
        PricesApi.SeedTiers(store);
        return TypedResults.Ok(new { reset = true, now = store.Now });
    });

    private static Task<IResult> Stats(SandboxStats stats, SandboxStore store, WebhookDispatcher dispatcher) => Exclusive(store, () =>
        TypedResults.Ok(new
        {
            api = stats.Snapshot(),
            objects = store.Counts.ToDictionary(c => c.Noun, c => c.Count),
            deliveries = dispatcher.Counts(),
            deliveriesOutstanding = dispatcher.Outstanding(),
        }));

    /// <summary>Runs a control while no API call runs, answering refusals in Stripe's error shape.</summary>
    private static async Task<IResult> Exclusive(SandboxStore store, Func<IResult> action)
    {
        await store.Gate.WaitAsync();
        try
        {
            return action();
        }
        catch (StripeApiException refused)
        {
            return StripeResult.Error(refused);
        }
        finally
        {
            store.Gate.Release();
        }
    }
}
