using AeThexLive.Messaging;
using AeThexLive.Payments.Checkout;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Subscriptions;

public enum SubscribeOutcome
{
    Created,
    /// <summary>The user already has a live subscription to the channel (the one in the result).</summary>
    AlreadySubscribed,
    ProviderTimeout,
    ProviderUnavailable,
    ProviderRefused,
}

public sealed record SubscribeResult(SubscribeOutcome Outcome, Domain.Subscription? Subscription, string? Detail = null);

/// <summary>
/// Starts a subscription: the user's Stripe customer (made once), then our row and Stripe's subscription in one
/// database transaction that commits only once Stripe has answered. The row's unique index (one live subscription per
/// user and channel) turns a second or concurrent request into a conflict; a Stripe failure leaves no row behind (the
/// subscription Stripe may have made regardless is never paid and expires after 23 hours).
/// </summary>
public sealed partial class SubscriptionCheckout(
    PaymentsDbContext db, StripeBilling billing, TimeProvider clock, ILogger<SubscriptionCheckout> logger)
{
    public async Task<SubscribeResult> StartAsync(Guid userId, string username, ChannelReplica channel, string tier,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await LiveAsync(userId, channel.ChannelId, cancellationToken) is { } live) return new(SubscribeOutcome.AlreadySubscribed, live);

        var subscription = new Domain.Subscription(Guid.CreateVersion7(), userId, username, channel.ChannelId, tier, 0, now);
        try
        {
            var customerId = await CustomerAsync(userId, username, now, cancellationToken);
            var price = await billing.TierPriceAsync(tier, cancellationToken);
            // Left without a commit (any exception below), the transaction rolls back as it is disposed.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync(cancellationToken);
            var started = await billing.StartAsync(subscription, customerId, price, cancellationToken);
            subscription.AttachStripe(started.StripeSubscriptionId, started.ClientSecret, started.State.CurrentPeriodEnd);
            subscription.SyncFrom(started.State);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
            return new(SubscribeOutcome.Created, subscription);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation("subscriptions"))
        {
            db.ChangeTracker.Clear();
            return new(SubscribeOutcome.AlreadySubscribed, await LiveAsync(userId, channel.ChannelId, cancellationToken));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogStripeTimedOut(userId, channel.ChannelId);
            return new(SubscribeOutcome.ProviderTimeout, null, "The payment provider did not answer in time.");
        }
        catch (Stripe.StripeException ex) when (PurchaseCheckout.IsPassing(ex.HttpStatusCode))
        {
            LogStripeUnavailable(ex, userId, channel.ChannelId);
            return new(SubscribeOutcome.ProviderUnavailable, null, ex.StripeError?.Message ?? ex.Message);
        }
        catch (Stripe.StripeException ex)
        {
            LogStripeRefused(userId, channel.ChannelId, ex.StripeError?.Code, ex.StripeError?.Message ?? ex.Message);
            return new(SubscribeOutcome.ProviderRefused, null, ex.StripeError?.Message ?? ex.Message);
        }
        catch (HttpRequestException ex)
        {
            LogStripeUnavailable(ex, userId, channel.ChannelId);
            return new(SubscribeOutcome.ProviderUnavailable, null, "The payment provider could not be reached.");
        }
    }

    private Task<Domain.Subscription?> LiveAsync(Guid userId, Guid channelId, CancellationToken cancellationToken) =>
        db.LiveSubscriptions(userId, channelId).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

    /// <summary>The user's Stripe customer: made once (Stripe's idempotency key makes concurrent first calls one), then kept.</summary>
    private async Task<string> CustomerAsync(Guid userId, string username, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.PaymentCustomers.AsNoTracking().Where(c => c.UserId == userId).Select(c => c.StripeCustomerId)
            .SingleOrDefaultAsync(cancellationToken);
        if (existing is not null) return existing;
        var made = await billing.CreateCustomerAsync(userId, username, cancellationToken);
        var at = SqlTimestamp.Of(now, "created_at");
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO payment_customers (user_id, stripe_customer_id, created_at) VALUES ({userId}, {made}, {at})
            ON CONFLICT (user_id) DO NOTHING
            """, cancellationToken);
        return await db.PaymentCustomers.AsNoTracking().Where(c => c.UserId == userId).Select(c => c.StripeCustomerId)
            .SingleAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe did not answer in time subscribing {UserId} to {ChannelId}")]
    private partial void LogStripeTimedOut(Guid userId, Guid channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe failed subscribing {UserId} to {ChannelId}")]
    private partial void LogStripeUnavailable(Exception exception, Guid userId, Guid channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused subscribing {UserId} to {ChannelId}: {Code} {Reason}")]
    private partial void LogStripeRefused(Guid userId, Guid channelId, string? code, string reason);
}
