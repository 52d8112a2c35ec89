namespace AeThexLive.Payments.Domain;

/// <summary>
/// A purchase of virtual gifts (quantity × one catalogue item) sent in a channel, for the channel or for a named
/// viewer (the recipient); the creator is paid either way.
/// </summary>
public sealed class Gift : IPaidPurchase
{
    private readonly List<GiftRecipient> _chosenRecipients = [];

    private Gift() { }

    public Gift(Guid id, Guid gifterId, string gifterName, Guid channelId, Guid recipientId, string? recipientName, Guid? streamId,
        string giftType, int quantity, int unitPriceCents, string currency, string? message, string idempotencyKey, string requestHash,
        DateTime now)
    {
        Id = id;
        GifterId = gifterId;
        GifterName = gifterName;
        ChannelId = channelId;
        RecipientId = recipientId;
        RecipientName = recipientName;
        StreamId = streamId;
        GiftType = giftType;
        Quantity = quantity;
        UnitPriceCents = unitPriceCents;
        AmountCents = checked(quantity * unitPriceCents);
        Currency = currency.ToUpperInvariant();
        Message = message;
        IdempotencyKey = idempotencyKey;
        RequestHash = requestHash;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid GifterId { get; private set; }
    public string GifterName { get; private set; } = "";
    public Guid ChannelId { get; private set; }
    public Guid RecipientId { get; private set; }
    /// <summary>
    /// The viewer it was sent to by name; null when sent to the channel itself or, for subscriptions, to its community (the
    /// recipient is then its owner).
    /// </summary>
    public string? RecipientName { get; private set; }
    public Guid? StreamId { get; private set; }
    public string GiftType { get; private set; } = "";
    public int Quantity { get; private set; }
    public int UnitPriceCents { get; private set; }
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
    /// <summary>Gifted subscriptions paid for but not given (the named recipient subscribed before the payment landed).</summary>
    public int UnplacedCount { get; private set; }
    /// <summary>The Stripe refund giving back the unplaced part, once made.</summary>
    public string? UnplacedRefundId { get; private set; }

    /// <summary>The subscription tier this gift buys, or null for a virtual gift.</summary>
    public string? SubscriptionTier => GiftedSubscriptionTypes.TierOf(GiftType);

    /// <summary>Subscriptions for viewers of the channel's live stream rather than for a named user.</summary>
    public bool IsCommunity => SubscriptionTier is not null && RecipientName is null;

    /// <summary>The viewers a community gift was drawn for at checkout (loaded only where asked for).</summary>
    public IReadOnlyList<GiftRecipient> ChosenRecipients => _chosenRecipients;

    Guid IPaidPurchase.BuyerId => GifterId;
    string IPaidPurchase.BuyerName => GifterName;
    long IPaidPurchase.AmountCents => AmountCents;
    public string Kind => PurchaseKinds.Gift;

    /// <summary>Keeps the viewers drawn for a community gift, one per subscription bought, in the order drawn.</summary>
    public void ChooseRecipients(IReadOnlyList<(Guid UserId, string Username)> viewers)
    {
        if (!IsCommunity || viewers.Count != Quantity || _chosenRecipients.Count > 0)
        {
            throw new InvalidOperationException($"Gift {Id} takes {Quantity} drawn viewers once, and only as a community gift.");
        }
        _chosenRecipients.AddRange(viewers.Select((v, i) => new GiftRecipient(Id, v.UserId, v.Username, i)));
    }

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

    /// <summary>Written once, in the transaction that completes the payment, so the refund's amount never changes.</summary>
    public void RecordUnplaced(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Quantity);
        UnplacedCount = count;
    }

    public void RecordUnplacedRefund(string refundId) => UnplacedRefundId = refundId;

    public bool Fail(string? paymentIntentId)
    {
        if (Status != PurchaseStatuses.Pending) return false;
        PaymentIntentId ??= paymentIntentId;
        Status = PurchaseStatuses.Failed;
        return true;
    }
}
