using Microsoft.Extensions.Options;
using Stripe;

namespace AeThexLive.Payments.Provider;

/// <summary>
/// Stripe Connect calls: creators' Express accounts, onboarding links, and paying them (a transfer from the platform's
/// balance, then a payout from their balance to their bank). Every POST carries a key derived from our own row, so a
/// retry, or a second run overlapping the first, makes each of them once.
/// </summary>
public sealed class StripeConnect(IStripeClient stripe, IOptions<StripeSettings> settings)
{
    /// <summary>What a transfer's and a payout's metadata name, so their events find our payout.</summary>
    public const string PayoutIdKey = "aethex_payout_id";

    /// <summary>
    /// An Express account able to receive transfers. Its payouts are manual: the platform pays out right after each
    /// transfer, so every payout is one of ours and its outcome reaches our row.
    /// </summary>
    public async Task<Account> CreateAccountAsync(Guid userId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return await new AccountService(stripe).CreateAsync(new AccountCreateOptions
        {
            Type = "express",
            Capabilities = new AccountCapabilitiesOptions { Transfers = new AccountCapabilitiesTransfersOptions { Requested = true } },
            Settings = new AccountSettingsOptions
            {
                Payouts = new AccountSettingsPayoutsOptions
                {
                    Schedule = new AccountSettingsPayoutsScheduleOptions { Interval = "manual" },
                },
            },
            Metadata = new Dictionary<string, string> { ["user_id"] = userId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"aethex-payout-account-{userId:N}" }, deadline.Token);
    }

    /// <summary>A fresh onboarding link (Stripe's links are single-use and expire in minutes).</summary>
    public async Task<AccountLink> OnboardingLinkAsync(string accountId, string returnUrl, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return await new AccountLinkService(stripe).CreateAsync(new AccountLinkCreateOptions
        {
            Account = accountId,
            Type = "account_onboarding",
            ReturnUrl = returnUrl,
            RefreshUrl = returnUrl,
        }, null, deadline.Token);
    }

    public async Task<Transfer> TransferAsync(Guid payoutId, string accountId, long amountCents, string currency, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return await new TransferService(stripe).CreateAsync(new TransferCreateOptions
        {
            Amount = amountCents,
            Currency = currency.ToLowerInvariant(),
            Destination = accountId,
            TransferGroup = $"payout-{payoutId:N}",
            Metadata = new Dictionary<string, string> { [PayoutIdKey] = payoutId.ToString() },
        }, new RequestOptions { IdempotencyKey = idempotencyKey }, deadline.Token);
    }

    /// <summary>Pays the transferred money out of the connected account to its bank (Stripe-Account: the creator's).</summary>
    public async Task<Payout> PayOutAsync(Guid payoutId, string accountId, long amountCents, string currency, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        return await new PayoutService(stripe).CreateAsync(new PayoutCreateOptions
        {
            Amount = amountCents,
            Currency = currency.ToLowerInvariant(),
            Description = "AeThex LIVE creator payout",
            Metadata = new Dictionary<string, string> { [PayoutIdKey] = payoutId.ToString() },
        }, new RequestOptions { IdempotencyKey = idempotencyKey, StripeAccount = accountId }, deadline.Token);
    }

    /// <summary>Takes a failed payout's money back from the connected account, where Stripe returned it, to the platform.</summary>
    public async Task ReverseTransferAsync(string transferId, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        await new TransferReversalService(stripe).CreateAsync(transferId, new TransferReversalCreateOptions(),
            new RequestOptions { IdempotencyKey = idempotencyKey }, deadline.Token);
    }

    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Value.RequestTimeout);
        return deadline;
    }
}
