namespace AeThexLive.Messaging;

/// <summary>
/// An integration event waiting to be published. It is written in the same transaction as
/// the change that caused it, so the event exists exactly when the change does.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage() { }

    public OutboxMessage(Guid id, string messageType, string payload, DateTime occurredAt)
    {
        Id = id;
        MessageType = messageType;
        Payload = payload;
        OccurredAt = occurredAt;
    }

    /// <summary>Also the MessageId on the bus, which consumers deduplicate on.</summary>
    public Guid Id { get; private set; }

    /// <summary>Insertion order; the relay publishes in this order.</summary>
    public long Sequence { get; private set; }

    public string MessageType { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTime OccurredAt { get; private set; }
    public DateTime? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    public void MarkSent(DateTime at) => SentAt = at;

    public void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
    }
}

/// <summary>A message a consumer has already applied; its effect and this row commit together.</summary>
public sealed class ProcessedMessage
{
    private ProcessedMessage() { }

    public ProcessedMessage(Guid messageId, string consumer, DateTime processedAt)
    {
        MessageId = messageId;
        Consumer = consumer;
        ProcessedAt = processedAt;
    }

    public Guid MessageId { get; private set; }
    public string Consumer { get; private set; } = "";
    public DateTime ProcessedAt { get; private set; }
}
