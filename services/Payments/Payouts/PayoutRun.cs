using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using AeThexLive.Payments.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Payout = AeThexLive.Payments.Domain.Payout;

namespace AeThexLive.Payments.Payouts;

/// <summary>What one run did: payouts it claimed and sent, and those it found already claimed and sent again.</summary>
public sealed record PayoutRunResult(DateOnly PeriodEnd, int Claimed, long ClaimedCents, int Sent, int Failed, int Unsent);

/// <summary>
/// Pays every channel whose available balance reaches the minimum and whose owner can be paid, for a period ending on
/// <c>periodEnd</c>. Claiming is one database transaction per (channel, currency) under an advisory lock: the row
/// (unique per channel, currency and period end) and its ledger transaction together, so two overlapping runs claim it
/// once and a later run sees the balance already paid. Sending follows, for every claimed payout not yet sent (a run
/// that died half-way is finished by the next); its transfer and bank payout carry keys derived from the row, so a
/// second run sending at the same moment gets Stripe's first answer back instead of a second transfer.
/// </summary>
public sealed partial class PayoutRun(
    PaymentsDbContext db, StripeConnect stripe, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<PayoutRun> logger)
{
    private sealed record Candidate(Guid ChannelId, string Currency, Guid OwnerId, string AccountId);

    public async Task<PayoutRunResult> RunAsync(DateOnly periodEnd, CancellationToken cancellationToken)
    {
        var minimum = options.Value.Payouts.MinimumCents;
        var candidates = await (
                from balance in db.ChannelBalances.AsNoTracking()
                join channel in db.ChannelReplicas.AsNoTracking() on balance.ChannelId equals channel.ChannelId
                join account in db.PayoutAccounts.AsNoTracking() on channel.OwnerId equals account.UserId
                where balance.AvailableCents >= minimum && account.PayoutsEnabled
                orderby balance.ChannelId, balance.Currency
                select new Candidate(balance.ChannelId, balance.Currency, channel.OwnerId, account.StripeAccountId))
            .ToListAsync(cancellationToken);

        var (claimed, claimedCents) = (0, 0L);
        foreach (var candidate in candidates)
        {
            if (await ClaimAsync(candidate, periodEnd, minimum, cancellationToken) is { } amount)
            {
                claimed++;
                claimedCents += amount;
            }
        }

        var (sent, failed, unsent) = (0, 0, 0);
        var toSend = await db.Payouts.AsNoTracking()
            .Where(p => p.Status == PayoutStatuses.Pending && p.StripePayoutId == null).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        foreach (var payout in toSend)
        {
            switch (await SendAsync(payout, cancellationToken))
            {
                case SendOutcome.Sent: sent++; break;
                case SendOutcome.Failed: failed++; break;
                default: unsent++; break;
            }
        }
        return new PayoutRunResult(periodEnd, claimed, claimedCents, sent, failed, unsent);
    }

    /// <returns>The amount claimed, or null when this (channel, currency) is not to be paid for this period.</returns>
    private async Task<long?> ClaimAsync(Candidate candidate, DateOnly periodEnd, long minimum, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lockKey = $"payout:{candidate.ChannelId}:{candidate.Currency}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", cancellationToken);

        var available = await db.ChannelBalances.AsNoTracking()
            .Where(b => b.ChannelId == candidate.ChannelId && b.Currency == candidate.Currency).Select(b => b.AvailableCents)
            .SingleAsync(cancellationToken);
        var latest = await db.Payouts.AsNoTracking().Where(p => p.ChannelId == candidate.ChannelId && p.Currency == candidate.Currency)
            .MaxAsync(p => (DateOnly?)p.PeriodEnd, cancellationToken);
        // A period is paid once, and never after a later one (its balance went with the later one).
        if (available < minimum || latest >= periodEnd) return null;

        var now = clock.GetUtcNow().UtcDateTime;
        var payout = new Payout(Guid.CreateVersion7(), candidate.ChannelId, candidate.OwnerId, candidate.AccountId, available,
            candidate.Currency, latest?.AddDays(1), periodEnd, now);
        db.Payouts.Add(payout);
        db.LedgerTransactions.Add(PayoutBook.PaidOut(payout, now));
        try
        {
            await db.SaveNewRowsAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            return null;
        }
        LogClaimed(payout.Id, candidate.ChannelId, available, candidate.Currency, periodEnd);
        return available;
    }

    private enum SendOutcome { Sent, Failed, Unsent }

    private async Task<SendOutcome> SendAsync(Payout payout, CancellationToken cancellationToken)
    {
        var key = $"aethex-payout-{payout.ChannelId:N}-{payout.Currency}-{payout.PeriodEnd:yyyyMMdd}";
        Transfer? transfer = null;
        try
        {
            transfer = await stripe.TransferAsync(payout.Id, payout.StripeAccountId, payout.AmountCents, payout.Currency, $"{key}-transfer",
                cancellationToken);
            var bank = await stripe.PayOutAsync(payout.Id, payout.StripeAccountId, payout.AmountCents, payout.Currency, $"{key}-bank",
                cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Payouts.Where(p => p.Id == payout.Id && p.StripePayoutId == null).ExecuteUpdateAsync(set => set
                .SetProperty(p => p.StripeTransferId, transfer.Id)
                .SetProperty(p => p.StripePayoutId, bank.Id)
                .SetProperty(p => p.UpdatedAt, now), cancellationToken);
            return SendOutcome.Sent;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnsent(payout.Id, "timeout");
            return SendOutcome.Unsent;
        }
        catch (StripeException ex) when (IsPassing(ex))
        {
            LogUnsent(payout.Id, ex.StripeError?.Code ?? ex.Message);
            return SendOutcome.Unsent;
        }
        catch (StripeException ex)
        {
            // Refused for good (the account lost its capabilities, say): the money goes back to the creator's balance,
            // and any transfer already made comes back from the connected account.
            var code = ex.StripeError?.Code ?? "refused";
            LogRefused(payout.Id, code, ex.StripeError?.Message ?? ex.Message);
            if (transfer is not null)
            {
                try
                {
                    await stripe.ReverseTransferAsync(transfer.Id, $"{key}-reversal", cancellationToken);
                }
                catch (StripeException reversal)
                {
                    LogUnsent(payout.Id, reversal.StripeError?.Code ?? reversal.Message);
                    return SendOutcome.Unsent;
                }
            }
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var locked = await PayoutBook.LockAsync(db, payout.Id, cancellationToken);
            if (locked is null || !await PayoutBook.FailAsync(db, locked, code, clock.GetUtcNow().UtcDateTime, cancellationToken))
            {
                return SendOutcome.Unsent;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return SendOutcome.Failed;
        }
    }

    /// <summary>Worth trying again later: Stripe busy or failing, the same key in flight in another run, or the platform short of funds.</summary>
    private static bool IsPassing(StripeException ex) =>
        ex.HttpStatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.TooManyRequests
        || (int)ex.HttpStatusCode >= 500 || ex.HttpStatusCode == 0 || ex.StripeError?.Type == "idempotency_error"
        || ex.StripeError?.Code == "balance_insufficient";

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Payout {PayoutId} claimed: channel {ChannelId}, {AmountCents} {Currency}, period ending {PeriodEnd}")]
    private partial void LogClaimed(Guid payoutId, Guid channelId, long amountCents, string currency, DateOnly periodEnd);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {PayoutId} not sent yet ({Reason}); the next run sends it")]
    private partial void LogUnsent(Guid payoutId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {PayoutId} refused by Stripe ({Code}: {Message}); its money is given back")]
    private partial void LogRefused(Guid payoutId, string code, string message);
}
