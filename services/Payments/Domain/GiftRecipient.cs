namespace AeThexLive.Payments.Domain;

/// <summary>
/// A viewer drawn at checkout to receive one of a community gift's subscriptions: kept with the gift, so the payment
/// places them without asking Streaming who was watching.
/// </summary>
public sealed class GiftRecipient
{
    private GiftRecipient() { }

    public GiftRecipient(Guid giftId, Guid userId, string username, int position)
    {
        GiftId = giftId;
        UserId = userId;
        Username = username;
        Position = position;
    }

    public Guid GiftId { get; private set; }
    public Guid UserId { get; private set; }
    public string Username { get; private set; } = "";
    /// <summary>The order of the draw.</summary>
    public int Position { get; private set; }
}
