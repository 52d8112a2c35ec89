using System.Linq.Expressions;
using System.Net;
using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Stripe;

namespace AeThexLive.Payments.Checkout;

public enum CheckoutOutcome
{
    /// <summary>A new purchase with its PaymentIntent.</summary>
    Created,
    /// <summary>The same key and the same request again: the purchase it made.</summary>
    Replayed,
    /// <summary>The same key with other parameters.</summary>
    KeyReused,
    /// <summary>Stripe did not answer in time; the purchase stays pending and the same key may be retried.</summary>
    ProviderTimeout,
    /// <summary>Stripe answered with a passing failure (busy, 5xx, unreachable); retry with the same key.</summary>
    ProviderUnavailable,
    /// <summary>Stripe refused the payment for good; the purchase is failed.</summary>
    ProviderRefused,
}

public sealed record CheckoutResult<T>(CheckoutOutcome Outcome, T? Purchase, string? Detail = null);

/// <summary>
/// Starts a paid purchase exactly once per Idempotency-Key. The row is inserted first, in a transaction that stays
/// open while Stripe makes the PaymentIntent: a concurrent request with the same key waits on the unique index,
/// then finds the row with its intent and answers the same. A purchase left without an intent (Stripe stalled) is
/// resumed by the next retry under a row lock, with the same Stripe idempotency key, so Stripe makes one intent
/// whatever happened before.
/// </summary>
public sealed partial class PurchaseCheckout(PaymentsDbContext db, StripePayments stripe, ILogger<PurchaseCheckout> logger)
{
    public async Task<CheckoutResult<T>> StartAsync<T>(T candidate, Expression<Func<T, bool>> sameKey, string description,
        CancellationToken cancellationToken) where T : class, IPaidPurchase
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using (transaction)
        {
            db.Set<T>().Add(candidate);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return await AttachIntentAsync(candidate, CheckoutOutcome.Created, transaction, description, cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // The key is taken: the first request has committed its row (we waited for it on the index).
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
        return await ResumeAsync(candidate, sameKey, description, cancellationToken);
    }

    private async Task<CheckoutResult<T>> ResumeAsync<T>(T candidate, Expression<Func<T, bool>> sameKey, string description,
        CancellationToken cancellationToken) where T : class, IPaidPurchase
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var id = await db.Set<T>().AsNoTracking().Where(sameKey).Select(p => EF.Property<Guid>(p, "Id")).SingleAsync(cancellationToken);
        var existing = await db.LockAsync<T>(id, cancellationToken)
            ?? throw new InvalidOperationException($"Purchase {id} vanished under its idempotency key.");
        if (existing.RequestHash != candidate.RequestHash) return new(CheckoutOutcome.KeyReused, existing);
        if (existing.PaymentIntentId is not null || existing.Status == PurchaseStatuses.Failed)
        {
            await transaction.CommitAsync(CancellationToken.None);
            return new(CheckoutOutcome.Replayed, existing);
        }
        return await AttachIntentAsync(existing, CheckoutOutcome.Replayed, transaction, description, cancellationToken);
    }

    /// <summary>Makes (or, with the same Stripe key, finds) the intent and commits; a failure at Stripe still commits the row.</summary>
    private async Task<CheckoutResult<T>> AttachIntentAsync<T>(T purchase, CheckoutOutcome success, IDbContextTransaction transaction,
        string description, CancellationToken cancellationToken) where T : class, IPaidPurchase
    {
        CheckoutResult<T> result;
        try
        {
            var intent = await stripe.CreateIntentAsync(purchase, description, cancellationToken);
            purchase.AttachPaymentIntent(intent.Id, intent.ClientSecret);
            result = new(success, purchase);
        }
        catch (OperationCanceledException)
        {
            LogStripeTimedOut(purchase.Kind, purchase.Id);
            result = new(CheckoutOutcome.ProviderTimeout, purchase, "The payment provider did not answer in time.");
        }
        catch (StripeException ex) when (IsPassing(ex.HttpStatusCode))
        {
            LogStripeUnavailable(ex, purchase.Kind, purchase.Id, (int)ex.HttpStatusCode);
            result = new(CheckoutOutcome.ProviderUnavailable, purchase, ex.StripeError?.Message ?? ex.Message);
        }
        catch (StripeException ex)
        {
            LogStripeRefused(purchase.Kind, purchase.Id, ex.StripeError?.Code, ex.StripeError?.Message ?? ex.Message);
            purchase.Fail(null);
            result = new(CheckoutOutcome.ProviderRefused, purchase, ex.StripeError?.Message ?? ex.Message);
        }
        catch (HttpRequestException ex)
        {
            LogStripeUnavailable(ex, purchase.Kind, purchase.Id, 0);
            result = new(CheckoutOutcome.ProviderUnavailable, purchase, "The payment provider could not be reached.");
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    /// <summary>Errors worth retrying: no answer, Stripe busy with the same key (409), rate limits (429), its own failures.</summary>
    internal static bool IsPassing(HttpStatusCode status) =>
        status is 0 or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe did not answer in time for {Kind} {PurchaseId}; it stays pending")]
    private partial void LogStripeTimedOut(string kind, Guid purchaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe failed ({Status}) for {Kind} {PurchaseId}; it stays pending")]
    private partial void LogStripeUnavailable(Exception exception, string kind, Guid purchaseId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused {Kind} {PurchaseId}: {Code} {Reason}")]
    private partial void LogStripeRefused(string kind, Guid purchaseId, string? code, string reason);
}
