using System.Text.Json.Nodes;
using AeThexLive.StripeSandbox.Domain;
using AeThexLive.StripeSandbox.Wire;
using Microsoft.Extensions.Options;

namespace AeThexLive.StripeSandbox.Engine;

public enum PaymentOutcome
{
    Succeeded,
    Declined,
    RequiresAction,
}

/// <summary>Told when an intent settles, so an invoice it pays can follow.</summary>
internal interface IPaymentOutcomeListener
{
    void IntentSucceeded(PaymentIntent intent);
    void IntentFailed(PaymentIntent intent);
}

/// <summary>
/// Card payments as Stripe's test mode runs them: test tokens become payment methods, a confirm
/// charges (or declines, or asks for 3-D Secure), every charge books a balance transaction with
/// Stripe's fee, refunds and disputes book theirs.
/// </summary>
internal sealed class PaymentEngine(SandboxStore store, IOptions<SandboxOptions> options)
{
    private readonly SandboxOptions settings = options.Value;

    public IPaymentOutcomeListener? Listener { get; set; }

    /// <summary>A payment method by id, or a new one made from a test token (<c>pm_card_visa</c>).</summary>
    public CardPaymentMethod ResolvePaymentMethod(string idOrToken, string param)
    {
        if (TestCard.Tokens.TryGetValue(idOrToken, out var card))
        {
            return store.PaymentMethods.Add(new CardPaymentMethod(StripeIds.New("pm"), store.Now, card));
        }
        return store.PaymentMethods.Get(idOrToken, param);
    }

    public void Attach(CardPaymentMethod method, Customer customer)
    {
        if (method.CustomerId == customer.Id) return;
        if (method.CustomerId is not null)
        {
            throw StripeApiException.Invalid(
                $"The payment method you provided has already been attached to a customer.", "payment_method");
        }
        EnsureAttachable(method);
        method.CustomerId = customer.Id;
        store.Emit("payment_method.attached", method);
    }

    /// <summary>Attaching checks the card with the bank, so a card that always declines cannot be saved.</summary>
    public static void EnsureAttachable(CardPaymentMethod method)
    {
        if (method.Card.Behavior != CardBehavior.Declines) return;
        throw new StripeApiException(402, "card_error", method.Card.Message)
        {
            Code = method.Card.Code,
            DeclineCode = method.Card.DeclineCode,
            Param = "payment_method",
        };
    }

    public PaymentIntent CreateIntent(long amount, string currency, Customer? customer)
    {
        ValidateAmount(amount, currency);
        var intent = store.PaymentIntents.Add(new PaymentIntent(StripeIds.New("pi"), store.Now, amount, currency)
        {
            CustomerId = customer?.Id,
        });
        return intent;
    }

    public static void ValidateAmount(long amount, string currency)
    {
        if (!Money.Currencies.Contains(currency))
        {
            throw StripeApiException.Invalid($"Invalid currency: {currency}. Stripe currently supports these currencies: "
                + string.Join(", ", Money.Currencies), "currency");
        }
        if (amount < Money.MinimumChargeCents)
        {
            throw StripeApiException.Invalid($"Amount must be at least 50 cents", "amount", "amount_too_small");
        }
        if (amount > Money.MaximumChargeCents)
        {
            throw StripeApiException.Invalid("Amount must be no more than $999,999.99", "amount", "amount_too_large");
        }
    }

    /// <summary>Runs a confirmation. Declines are recorded (a failed charge, an event) and reported, not thrown.</summary>
    public PaymentOutcome Attempt(PaymentIntent intent, CardPaymentMethod method, bool offSession)
    {
        if (intent.Status is not ("requires_payment_method" or "requires_confirmation" or "requires_action"))
        {
            throw StripeApiException.UnexpectedState(
                $"You cannot confirm this PaymentIntent because it has a status of {intent.Status}.");
        }
        if (intent.CustomerId is { } customerId && method.CustomerId is { } owner && owner != customerId)
        {
            throw StripeApiException.Invalid(
                $"The provided PaymentMethod belongs to another customer than the PaymentIntent's.", "payment_method");
        }
        intent.PaymentMethodId = method.Id;
        intent.LastPaymentError = null;
        intent.NextAction = null;
        switch (method.Card.Behavior)
        {
            case CardBehavior.RequiresAuthentication when !offSession:
                intent.Status = "requires_action";
                intent.NextAction = ThreeDSecureAction(intent);
                store.Emit("payment_intent.requires_action", intent);
                return PaymentOutcome.RequiresAction;
            case CardBehavior.RequiresAuthentication:
                Decline(intent, method, "authentication_required", "authentication_required",
                    "Your card was declined. This transaction requires authentication.");
                return PaymentOutcome.Declined;
            case CardBehavior.Declines or CardBehavior.DeclinesCharges:
                Decline(intent, method, method.Card.Code, method.Card.DeclineCode ?? "generic_decline", method.Card.Message);
                return PaymentOutcome.Declined;
            default:
                Succeed(intent, method);
                return PaymentOutcome.Succeeded;
        }
    }

    /// <summary>The 402 a declined confirmation answers with, carrying the intent as Stripe does.</summary>
    public StripeApiException DeclineError(PaymentIntent intent)
    {
        var error = intent.LastPaymentError!;
        return new StripeApiException(402, "card_error", error["message"]!.GetValue<string>())
        {
            Code = error["code"]?.GetValue<string>(),
            DeclineCode = error["decline_code"]?.GetValue<string>(),
            Executed = true,
            Extra = new JsonObject
            {
                ["charge"] = intent.LatestChargeId,
                ["payment_intent"] = intent.ToJson(store),
                ["payment_method"] = store.PaymentMethods.Find(intent.PaymentMethodId)?.ToJson(store),
                ["request_log_url"] = $"https://dashboard.stripe.com/test/logs/{store.CurrentCall?.RequestId}",
            },
        };
    }

    /// <summary>The cardholder's answer to a 3-D Secure challenge.</summary>
    public void CompleteAuthentication(PaymentIntent intent, bool approved)
    {
        if (intent.Status != "requires_action")
        {
            throw StripeApiException.UnexpectedState(
                $"This PaymentIntent is not waiting for authentication; its status is {intent.Status}.");
        }
        var method = store.PaymentMethods.Get(intent.PaymentMethodId!, "payment_method");
        intent.NextAction = null;
        if (approved)
        {
            Succeed(intent, method);
            return;
        }
        intent.Status = "requires_payment_method";
        intent.LastPaymentError = new JsonObject
        {
            ["code"] = "payment_intent_authentication_failure",
            ["doc_url"] = "https://docs.stripe.com/error-codes/payment-intent-authentication-failure",
            ["message"] = "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new "
                + "PaymentMethod to attempt to fulfill this PaymentIntent again.",
            ["payment_method"] = method.ToJson(store),
            ["type"] = "invalid_request_error",
        };
        store.Emit("payment_intent.payment_failed", intent);
        Listener?.IntentFailed(intent);
    }

    public void Cancel(PaymentIntent intent, string? reason)
    {
        if (intent.IsFinal || intent.Status == "processing")
        {
            throw StripeApiException.UnexpectedState(
                $"You cannot cancel this PaymentIntent because it has a status of {intent.Status}. Only a PaymentIntent with one of "
                + "the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, "
                + "requires_action, processing.");
        }
        intent.Status = "canceled";
        intent.CanceledAt = store.Now;
        intent.CancellationReason = reason;
        intent.NextAction = null;
        store.Emit("payment_intent.canceled", intent);
    }

    public Refund Refund(Charge charge, long? amount, string? reason, Dictionary<string, string> metadata)
    {
        if (!charge.Succeeded)
        {
            throw StripeApiException.Invalid($"Charge {charge.Id} has not succeeded; it cannot be refunded.", "charge");
        }
        if (store.Disputes.All.Any(d => d.ChargeId == charge.Id && d.Status != "won"))
        {
            throw StripeApiException.Invalid($"Charge {charge.Id} has been charged back; cannot issue a refund.", "charge",
                "charge_disputed");
        }
        if (charge.Refundable == 0)
        {
            throw StripeApiException.Invalid($"Charge {charge.Id} has already been refunded.", "charge", "charge_already_refunded");
        }
        var value = amount ?? charge.Refundable;
        if (value <= 0)
        {
            throw StripeApiException.Invalid("Refund amount must be positive.", "amount", "parameter_invalid_integer");
        }
        if (value > charge.Refundable)
        {
            throw StripeApiException.Invalid(
                $"Refund amount ({Format(value, charge.Currency)}) is greater than unrefunded amount on charge "
                + $"({Format(charge.Refundable, charge.Currency)})", "amount", "amount_too_large");
        }
        var refund = store.Refunds.Add(new Refund(StripeIds.New("re"), store.Now, charge, value)
        {
            Reason = reason,
            Metadata = metadata,
        });
        refund.BalanceTransactionId = Book(null, -value, 0, charge.Currency, "refund", "refund", refund.Id,
            $"REFUND FOR CHARGE ({charge.Description ?? charge.Id})").Id;
        charge.AmountRefunded += value;
        store.Emit("refund.created", refund);
        store.Emit("charge.refunded", charge);
        return refund;
    }

    public Dispute OpenDispute(Charge charge, long? amount, string reason)
    {
        if (!charge.Succeeded)
        {
            throw StripeApiException.Invalid($"Charge {charge.Id} has not succeeded; it cannot be disputed.", "charge");
        }
        if (store.Disputes.All.Any(d => d.ChargeId == charge.Id))
        {
            throw StripeApiException.Invalid($"Charge {charge.Id} has already been disputed.", "charge", "charge_disputed");
        }
        var value = amount ?? charge.Amount - charge.AmountRefunded;
        if (value <= 0 || value > charge.Amount - charge.AmountRefunded)
        {
            throw StripeApiException.Invalid(
                $"A dispute on {charge.Id} can be for at most {charge.Amount - charge.AmountRefunded}.", "amount");
        }
        var dispute = store.Disputes.Add(new Dispute(StripeIds.New("dp"), store.Now, charge, value, reason)
        {
            DueBy = store.Now + 21 * 86_400,
        });
        var withdrawal = Book(null, -value, settings.DisputeFeeCents, charge.Currency, "adjustment", "dispute", dispute.Id,
            $"Chargeback withdrawal for {charge.Id}", "Dispute fee");
        dispute.BalanceTransactionIds.Add(withdrawal.Id);
        charge.Disputed = true;
        store.Emit("charge.dispute.created", dispute);
        store.Emit("charge.dispute.funds_withdrawn", dispute);
        return dispute;
    }

    public void CloseDispute(Dispute dispute, bool won)
    {
        if (!dispute.IsOpen)
        {
            throw StripeApiException.Invalid($"This dispute is already closed (status {dispute.Status}).", "dispute");
        }
        if (won)
        {
            dispute.Status = "won";
            var charge = store.Charges.Get(dispute.ChargeId);
            var reinstated = Book(null, dispute.Amount, 0, dispute.Currency, "adjustment", "dispute_reversal", dispute.Id,
                $"Chargeback reversal for {charge.Id}");
            dispute.BalanceTransactionIds.Add(reinstated.Id);
            store.Emit("charge.dispute.funds_reinstated", dispute);
        }
        else
        {
            dispute.Status = "lost";
        }
        store.Emit("charge.dispute.closed", dispute);
    }

    public BalanceTransaction Book(string? owner, long amount, long fee, string currency, string type, string category,
        string sourceId, string? description, string feeDescription = "Stripe processing fees") =>
        store.BalanceTransactions.Add(new BalanceTransaction(StripeIds.New("txn"), store.Now, owner)
        {
            Amount = amount,
            Fee = fee,
            Currency = currency,
            Type = type,
            ReportingCategory = category,
            SourceId = sourceId,
            Description = description,
            FeeDescription = feeDescription,
        });

    /// <summary>An account's balance in a currency: what is available now (funds are available at once here).</summary>
    public long Available(string? owner, string currency) => store.BalanceTransactions.All
        .Where(t => t.Owner == owner && t.Currency == currency && t.AvailableOn <= store.Now)
        .Sum(t => t.Net);

    public JsonObject BalanceJson(string? owner)
    {
        var transactions = store.BalanceTransactions.All.Where(t => t.Owner == owner).ToList();
        var currencies = transactions.Select(t => t.Currency).Append("usd").Distinct().Order(StringComparer.Ordinal);
        JsonArray Amounts(bool available) => new(currencies.Select(currency =>
        {
            var sum = transactions.Where(t => t.Currency == currency && (t.AvailableOn <= store.Now) == available).Sum(t => t.Net);
            return (JsonNode)new JsonObject
            {
                ["amount"] = sum,
                ["currency"] = currency,
                ["source_types"] = new JsonObject { ["card"] = sum },
            };
        }).ToArray());
        return new JsonObject
        {
            ["object"] = "balance",
            ["available"] = Amounts(available: true),
            ["livemode"] = false,
            ["pending"] = Amounts(available: false),
        };
    }

    private void Succeed(PaymentIntent intent, CardPaymentMethod method)
    {
        var charge = store.Charges.Add(new Charge(StripeIds.New("ch"), store.Now, intent, method) { Status = "succeeded" });
        charge.BalanceTransactionId = Book(null, intent.Amount, Money.CardFee(intent.Amount), intent.Currency, "charge", "charge",
            charge.Id, intent.Description).Id;
        intent.Status = "succeeded";
        intent.AmountReceived = intent.Amount;
        intent.LatestChargeId = charge.Id;
        if (intent.SetupFutureUsage is not null && intent.CustomerId is { } customerId && method.CustomerId is null)
        {
            Attach(method, store.Customers.Get(customerId, "customer"));
        }
        store.Emit("charge.succeeded", charge);
        store.Emit("payment_intent.succeeded", intent);
        Listener?.IntentSucceeded(intent);
        if (method.Card.Behavior == CardBehavior.SucceedsThenDisputed)
        {
            OpenDispute(charge, null, "fraudulent");
        }
    }

    private void Decline(PaymentIntent intent, CardPaymentMethod method, string code, string declineCode, string message)
    {
        var charge = store.Charges.Add(new Charge(StripeIds.New("ch"), store.Now, intent, method)
        {
            Status = "failed",
            FailureCode = code,
            FailureMessage = message,
            DeclineCode = declineCode,
        });
        intent.Status = "requires_payment_method";
        intent.LatestChargeId = charge.Id;
        intent.LastPaymentError = new JsonObject
        {
            ["charge"] = charge.Id,
            ["code"] = code,
            ["decline_code"] = declineCode,
            ["doc_url"] = $"https://docs.stripe.com/error-codes/{code.Replace('_', '-')}",
            ["message"] = message,
            ["payment_method"] = method.ToJson(store),
            ["type"] = "card_error",
        };
        store.Emit("charge.failed", charge);
        store.Emit("payment_intent.payment_failed", intent);
        Listener?.IntentFailed(intent);
    }

    private JsonObject ThreeDSecureAction(PaymentIntent intent)
    {
        var baseUrl = store.CurrentCall?.BaseUrl ?? "";
        var url = $"{baseUrl}/_sandbox/3ds/{intent.Id}?client_secret={Uri.EscapeDataString(intent.ClientSecret)}";
        if (intent.ReturnUrl is { } returnUrl)
        {
            return new JsonObject
            {
                ["redirect_to_url"] = new JsonObject { ["return_url"] = returnUrl, ["url"] = url },
                ["type"] = "redirect_to_url",
            };
        }
        return new JsonObject
        {
            ["type"] = "use_stripe_sdk",
            ["use_stripe_sdk"] = new JsonObject { ["stripe_js"] = url, ["type"] = "three_d_secure_redirect" },
        };
    }

    private static string Format(long amount, string currency) =>
        currency == "usd" ? $"${amount / 100}.{amount % 100:D2}" : $"{amount} {currency}";
}
