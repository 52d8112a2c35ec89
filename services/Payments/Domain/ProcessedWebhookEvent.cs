namespace AeThexLive.Payments.Domain;

/// <summary>A Stripe event already applied; its id is the key, written in the same transaction as the event's effect.</summary>
public sealed class ProcessedWebhookEvent
{
    private ProcessedWebhookEvent() { }

    public string EventId { get; private set; } = "";
    public string EventType { get; private set; } = "";
    public DateTime ReceivedAt { get; private set; }
}
