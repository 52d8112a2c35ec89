using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Payouts;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace AeThexLive.Payments.Webhooks;

/// <summary>
/// Stripe Connect's events about creators' accounts and payouts: <c>account.updated</c> records whether an account can
/// be paid (a stale event changes nothing), <c>payout.paid</c> marks our payout paid, <c>payout.failed</c> marks it failed
/// and gives its money back to the creator's balance (once: the payout only leaves pending once, and the giving back has
/// its own business key), after taking the transfer back from the connected account where Stripe returned the money.
/// The event id is recorded in the same transaction as the effect.
/// </summary>
public sealed partial class PayoutEvents(PaymentsDbContext db, StripeConnect stripe, TimeProvider clock, ILogger<PayoutEvents> logger)
{
    public const string AccountUpdated = "account.updated";
    public const string PayoutPaid = "payout.paid";
    public const string PayoutFailed = "payout.failed";

    public static readonly IReadOnlyList<string> HandledTypes = [AccountUpdated, PayoutPaid, PayoutFailed];

    public async Task<EventOutcome> ApplyAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        Guid? payoutId = stripeEvent.Data.Object is Stripe.Payout bank
            && bank.Metadata.TryGetValue(StripeConnect.PayoutIdKey, out var idText) && Guid.TryParse(idText, out var parsed)
            ? parsed
            : null;
        if (stripeEvent.Data.Object is not Account && payoutId is null) return EventOutcome.Ignored;
        if (await db.ProcessedWebhookEvents.AnyAsync(e => e.EventId == stripeEvent.Id, cancellationToken)) return EventOutcome.Duplicate;

        if (stripeEvent.Type == PayoutFailed && payoutId is { } failing)
        {
            // Stripe put the money back in the connected account; it comes back to the platform before the ledger says so.
            var transferId = await db.Payouts.AsNoTracking().Where(p => p.Id == failing && p.Status == Domain.PayoutStatuses.Pending)
                .Select(p => p.StripeTransferId).SingleOrDefaultAsync(cancellationToken);
            if (transferId is not null) await ReverseAsync(transferId, failing, cancellationToken);
        }

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = SqlTimestamp.Of(clock.GetUtcNow().UtcDateTime, "received_at");
        var recorded = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO processed_webhook_events (event_id, event_type, received_at)
            VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {now})
            ON CONFLICT (event_id) DO NOTHING
            """, cancellationToken);
        if (recorded == 0) return EventOutcome.Duplicate;

        var at = stripeEvent.Created.ToUniversalTime();
        var applied = stripeEvent.Data.Object switch
        {
            Account account => await AccountAsync(account, at, cancellationToken),
            Stripe.Payout paidOut => await PayoutAsync(stripeEvent.Type, payoutId!.Value, paidOut, at, cancellationToken),
            _ => false,
        };
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return applied ? EventOutcome.Applied : EventOutcome.Ignored;
    }

    private async Task<bool> AccountAsync(Account account, DateTime at, CancellationToken cancellationToken)
    {
        var ours = await db.PayoutAccounts.FromSql($"SELECT * FROM payout_accounts WHERE stripe_account_id = {account.Id} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        return ours is not null && ours.Update(account.DetailsSubmitted, account.PayoutsEnabled, at);
    }

    private async Task<bool> PayoutAsync(string type, Guid payoutId, Stripe.Payout bank, DateTime at, CancellationToken cancellationToken)
    {
        var payout = await PayoutBook.LockAsync(db, payoutId, cancellationToken);
        if (payout is null)
        {
            LogUnknownPayout(bank.Id, payoutId);
            return false;
        }
        return type switch
        {
            PayoutPaid => payout.MarkPaid(at),
            PayoutFailed => await PayoutBook.FailAsync(db, payout, bank.FailureCode ?? "failed", at, cancellationToken),
            _ => false,
        };
    }

    private async Task ReverseAsync(string transferId, Guid payoutId, CancellationToken cancellationToken)
    {
        try
        {
            await stripe.ReverseTransferAsync(transferId, $"aethex-payout-{payoutId:N}-failed", cancellationToken);
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "invalid_request_error" && ex.Message.Contains("already been fully reversed"))
        {
            // Reversed by an earlier attempt with another key: nothing left to take back.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe payout {StripePayoutId} names payout {PayoutId}, which does not exist")]
    private partial void LogUnknownPayout(string stripePayoutId, Guid payoutId);
}
