namespace AeThexLive.Payments.Domain;

/// <summary>A viewer's tip to a channel, paid by card through Stripe.</summary>
public sealed class Donation : IPaidPurchase
{
    private Donation() { }

    public Donation(Guid id, Guid donorId, string donorName, Guid channelId, Guid? streamId, int amountCents, string currency,
        string? message, string idempotencyKey, string requestHash, DateTime now)
    {
        Id = id;
        DonorId = donorId;
        DonorName = donorName;
        ChannelId = channelId;
        StreamId = streamId;
        AmountCents = amountCents;
        Currency = currency.ToUpperInvariant();
        Message = message;
        IdempotencyKey = idempotencyKey;
        RequestHash = requestHash;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid DonorId { get; private set; }
    public string DonorName { get; private set; } = "";
    public Guid ChannelId { get; private set; }
    public Guid? StreamId { get; private set; }
    public int AmountCents { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string? Message { get; private set; }
    public string? StripeChargeId { get; private set; }
    public string Status { get; private set; } = PurchaseStatuses.Pending;
    public string IdempotencyKey { get; private set; } = "";
    public string RequestHash { get; private set; } = "";
    public string? PaymentIntentId { get; private set; }
    public string? ClientSecret { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    Guid IPaidPurchase.BuyerId => DonorId;
    string IPaidPurchase.BuyerName => DonorName;
    long IPaidPurchase.AmountCents => AmountCents;
    public string Kind => PurchaseKinds.Donation;

    public void AttachPaymentIntent(string paymentIntentId, string clientSecret)
    {
        PaymentIntentId = paymentIntentId;
        ClientSecret = clientSecret;
    }

    public bool Complete(string paymentIntentId, string? chargeId, DateTime at)
    {
        if (Status == PurchaseStatuses.Completed) return false;
        PaymentIntentId ??= paymentIntentId;
        StripeChargeId = chargeId;
        Status = PurchaseStatuses.Completed;
        CompletedAt = at;
        return true;
    }

    public bool Fail(string? paymentIntentId)
    {
        if (Status != PurchaseStatuses.Pending) return false;
        PaymentIntentId ??= paymentIntentId;
        Status = PurchaseStatuses.Failed;
        return true;
    }
}
