namespace AeThexLive.Payments.Domain;

/// <summary>
/// Something a viewer pays for with one Stripe PaymentIntent (a donation, a virtual gift): written pending under
/// the client's Idempotency-Key, completed once by whichever of the webhook or the reconciler sees the payment first.
/// </summary>
public interface IPaidPurchase
{
    Guid Id { get; }
    Guid BuyerId { get; }
    string BuyerName { get; }
    Guid ChannelId { get; }
    long AmountCents { get; }
    string Currency { get; }
    string Status { get; }
    string IdempotencyKey { get; }
    /// <summary>A digest of what was asked for, so the same key with other parameters can be told apart.</summary>
    string RequestHash { get; }
    string? PaymentIntentId { get; }
    string? ClientSecret { get; }
    DateTime CreatedAt { get; }

    /// <summary>The ledger kind and PaymentIntent metadata value: "donation" or "gift".</summary>
    string Kind { get; }

    void AttachPaymentIntent(string paymentIntentId, string clientSecret);

    /// <returns>true when this call completed it (it was pending or failed).</returns>
    bool Complete(string paymentIntentId, string? chargeId, DateTime at);

    /// <returns>true when this call failed it (it was pending).</returns>
    bool Fail(string? paymentIntentId);
}
