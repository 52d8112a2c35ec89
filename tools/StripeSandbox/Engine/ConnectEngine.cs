using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Wire;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Engine;

/// <summary>
/// Stripe Connect as a platform paying creators sees it: connected accounts that become able to
/// receive money once onboarded, transfers from the platform's balance (and their reversals),
/// payouts from a balance to a bank that are paid, or fail, when the clock passes their arrival.
/// </summary>
internal sealed class ConnectEngine(SandboxStore store, PaymentEngine payments, IOptions<SandboxOptions> options)
{
    private readonly SandboxOptions settings = options.Value;

    /// <summary>Onboarding links handed out: token → (account, where to return, where to go when expired).</summary>
    private readonly Dictionary<string, (string Account, string ReturnUrl, string RefreshUrl, long ExpiresAt)> links =
        new(StringComparer.Ordinal);

    public void Onboard(ConnectAccount account)
    {
        var before = account.ToJson(store);
        account.CompleteOnboarding();
        store.Emit("account.updated", account, before, account.Id);
    }

    public void Restrict(ConnectAccount account, string reason)
    {
        var before = account.ToJson(store);
        account.Restrict(reason);
        store.Emit("account.updated", account, before, account.Id);
    }

    public string CreateLink(ConnectAccount account, string returnUrl, string refreshUrl, string baseUrl, out long expiresAt)
    {
        var token = StripeIds.Random(32);
        expiresAt = store.Now + 300;
        links[token] = (account.Id, returnUrl, refreshUrl, expiresAt);
        return $"{baseUrl}/_sandbox/connect/onboarding/{token}";
    }

    /// <summary>Following an onboarding link finishes onboarding; an expired or used link leads to its refresh URL.</summary>
    public string FollowLink(string token)
    {
        if (!links.Remove(token, out var link)) return "";
        if (link.ExpiresAt < store.Now) return link.RefreshUrl;
        var account = store.Accounts.Get(link.Account);
        if (!account.DetailsSubmitted || account.DisabledReason is not null) Onboard(account);
        return link.ReturnUrl;
    }

    public Transfer CreateTransfer(long amount, string currency, ConnectAccount destination, string? description, string? group,
        string? sourceTransaction, Dictionary<string, string> metadata)
    {
        if (amount <= 0) throw StripeApiException.Invalid("This value must be greater than or equal to 1.", "amount");
        if (!Money.Currencies.Contains(currency)) throw StripeApiException.Invalid($"Invalid currency: {currency}.", "currency");
        if (destination.Deleted) throw StripeApiException.Missing("account", destination.Id, "destination");
        if (!destination.CanReceiveTransfers)
        {
            throw StripeApiException.Invalid(
                "Your destination account needs to have at least one of the following capabilities enabled: transfers, "
                + "crypto_transfers, legacy_payments", "destination", "insufficient_capabilities_for_transfer");
        }
        if (payments.Available(null, currency) < amount)
        {
            throw StripeApiException.Invalid(
                "You have insufficient available funds in your Stripe account. Try adding funds directly to your available "
                + "balance by creating Charges using the 4000000000000077 test card.", "amount", "balance_insufficient");
        }
        var transfer = store.Transfers.Add(new Transfer(StripeIds.New("tr"), store.Now, amount, currency, destination.Id)
        {
            Description = description,
            TransferGroup = group,
            SourceTransaction = sourceTransaction,
            Metadata = metadata,
        });
        transfer.BalanceTransactionId = payments.Book(null, -amount, 0, currency, "transfer", "transfer", transfer.Id, description).Id;
        payments.Book(destination.Id, amount, 0, currency, "payment", "charge", transfer.Id, $"Transfer {transfer.Id}");
        store.Emit("transfer.created", transfer);
        return transfer;
    }

    public TransferReversal Reverse(Transfer transfer, long? amount, Dictionary<string, string> metadata)
    {
        var value = amount ?? transfer.Reversible;
        if (transfer.Reversible == 0)
        {
            throw StripeApiException.Invalid($"Transfer {transfer.Id} has already been fully reversed.", "amount");
        }
        if (value <= 0 || value > transfer.Reversible)
        {
            throw StripeApiException.Invalid(
                $"Reversal amount must be between 1 and the transfer's unreversed amount ({transfer.Reversible}).", "amount");
        }
        var reversal = store.TransferReversals.Add(new TransferReversal(StripeIds.New("trr"), store.Now, transfer, value)
        {
            Metadata = metadata,
        });
        reversal.BalanceTransactionId = payments.Book(null, value, 0, transfer.Currency, "transfer_refund", "transfer_reversal",
            reversal.Id, $"Reversal of {transfer.Id}").Id;
        payments.Book(transfer.Destination, -value, 0, transfer.Currency, "payment_refund", "charge", reversal.Id,
            $"Reversal of {transfer.Id}");
        transfer.AmountReversed += value;
        store.Emit("transfer.reversed", transfer);
        return reversal;
    }

    public Payout CreatePayout(string? owner, long amount, string currency, string method, string? description,
        string? statementDescriptor, Dictionary<string, string> metadata)
    {
        if (amount <= 0) throw StripeApiException.Invalid("This value must be greater than or equal to 1.", "amount");
        if (!Money.Currencies.Contains(currency)) throw StripeApiException.Invalid($"Invalid currency: {currency}.", "currency");
        var account = owner is null ? null : store.Accounts.Get(owner);
        if (account is { PayoutsEnabled: false })
        {
            throw StripeApiException.Invalid("Payouts are not enabled for this account.", null, "payouts_not_allowed");
        }
        if (payments.Available(owner, currency) < amount)
        {
            throw StripeApiException.Invalid(
                "You have insufficient funds in your Stripe account for this transfer.", "amount", "balance_insufficient");
        }
        var payout = store.Payouts.Add(new Payout(StripeIds.New("po"), store.Now, owner, amount, currency)
        {
            Destination = account?.BankAccountId ?? PlatformBank,
            ArrivalDate = method == "instant" ? store.Now : store.Now + settings.PayoutArrivalDays * 86_400L,
            Method = method,
            Description = description,
            StatementDescriptor = statementDescriptor,
            Metadata = metadata,
        });
        payout.BalanceTransactionId = payments.Book(owner, -amount, 0, currency, "payout", "payout", payout.Id, description).Id;
        store.Emit("payout.created", payout);
        return payout;
    }

    public void SettlePayout(Payout payout, bool paid, string failureCode = "account_closed")
    {
        if (!payout.IsPending)
        {
            throw StripeApiException.Invalid($"Payout {payout.Id} is already {payout.Status}.", "payout");
        }
        if (paid)
        {
            payout.Status = "paid";
            store.Emit("payout.paid", payout);
            return;
        }
        payout.Status = "failed";
        payout.FailureCode = failureCode;
        payout.FailureMessage = failureCode switch
        {
            "account_closed" => "The bank account has been closed.",
            "no_account" => "The bank account details on file are probably incorrect. No bank account could be located with those details.",
            "insufficient_funds" => "Your Stripe account has insufficient funds to cover the payout.",
            _ => "The bank could not process this payout.",
        };
        payout.FailureBalanceTransactionId = payments.Book(payout.Owner, payout.Amount, 0, payout.Currency, "payout_failure",
            "payout_reversal", payout.Id, $"Payout failure ({failureCode})").Id;
        store.Emit("payout.failed", payout);
    }

    public void CancelPayout(Payout payout)
    {
        if (!payout.IsPending)
        {
            throw StripeApiException.Invalid($"Payouts can only be canceled while they are pending; this one is {payout.Status}.",
                "payout");
        }
        payout.Status = "canceled";
        payments.Book(payout.Owner, payout.Amount, 0, payout.Currency, "payout_cancel", "payout_reversal", payout.Id, "Payout canceled");
        store.Emit("payout.canceled", payout);
    }

    public long? NextDue(long until)
    {
        var due = store.Payouts.All.Where(p => p.IsPending && p.ArrivalDate <= until).Select(p => p.ArrivalDate).ToList();
        return due.Count == 0 ? null : due.Min();
    }

    /// <summary>Payouts whose arrival date has come are paid, or fail for an account whose bank refuses them.</summary>
    public void RunDue()
    {
        foreach (var payout in store.Payouts.All.Where(p => p.IsPending && p.ArrivalDate <= store.Now).ToList())
        {
            var failing = payout.Owner is { } owner && store.Accounts.Find(owner) is { FailPayouts: true };
            SettlePayout(payout, paid: !failing);
        }
    }

    public void Reset() => links.Clear();

    private const string PlatformBank = "ba_sandboxplatformbank0001";
}
