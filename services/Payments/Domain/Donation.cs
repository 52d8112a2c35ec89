namespace AeThexLive.Payments.Domain;

public static class ChargeStatuses
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public sealed class Donation
{
    private Donation() { }

    public Donation(Guid id, Guid donorId, Guid channelId, Guid? streamId, int amountCents, string currency, string? message, string status, DateTime now)
    {
        Id = id;
        DonorId = donorId;
        ChannelId = channelId;
        StreamId = streamId;
        AmountCents = amountCents;
        Currency = currency.ToUpperInvariant();
        Message = message;
        Status = status;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid DonorId { get; private set; }
    public Guid ChannelId { get; private set; }
    public Guid? StreamId { get; private set; }
    public int AmountCents { get; private set; }
    public string Currency { get; private set; } = "USD";
    public string? Message { get; private set; }
    public string? StripeChargeId { get; private set; }
    public string Status { get; private set; } = ChargeStatuses.Completed;
    public DateTime CreatedAt { get; private set; }

    public void Complete(string stripeChargeId)
    {
        StripeChargeId = stripeChargeId;
        Status = ChargeStatuses.Completed;
    }

    public void Fail()
    {
        if (Status == ChargeStatuses.Completed) throw new InvalidOperationException("A completed donation cannot fail.");
        Status = ChargeStatuses.Failed;
    }
}

public sealed class Gift
{
    private Gift() { }

    public Gift(Guid id, Guid gifterId, Guid recipientId, Guid? streamId, string? giftType, int amountCents, string? message, string? stripeChargeId, DateTime now)
    {
        Id = id;
        GifterId = gifterId;
        RecipientId = recipientId;
        StreamId = streamId;
        GiftType = giftType;
        AmountCents = amountCents;
        Message = message;
        StripeChargeId = stripeChargeId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid GifterId { get; private set; }
    public Guid RecipientId { get; private set; }
    public Guid? StreamId { get; private set; }
    public string? GiftType { get; private set; }
    public int AmountCents { get; private set; }
    public string? Message { get; private set; }
    public string? StripeChargeId { get; private set; }
    public DateTime CreatedAt { get; private set; }
}
