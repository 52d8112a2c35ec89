namespace AeThexLive.StripeSandbox.Webhooks;

public enum DeliveryStatus
{
    /// <summary>Waiting for its turn (or for its delay, or for a retry).</summary>
    Pending,

    /// <summary>Kept back until a test releases the batch.</summary>
    Held,

    Delivering,
    Succeeded,

    /// <summary>Every attempt failed; Stripe would give up here too.</summary>
    Failed,

    /// <summary>Recorded but never sent (the drop mode): only <c>GET /v1/events</c> shows it happened.</summary>
    Dropped,

    /// <summary>The sandbox was reset before it went out.</summary>
    Abandoned,
}

/// <summary>One attempt at sending an event to the endpoint.</summary>
internal sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, string? Error, double Milliseconds);

/// <summary>One copy of an event on its way to the endpoint, with everything tried so far.</summary>
internal sealed class Delivery(string id, long generation, Domain.StripeEvent stripeEvent, int copy)
{
    private readonly Lock gate = new();
    private readonly List<DeliveryAttempt> attempts = [];

    public string Id { get; } = id;
    public long Generation { get; } = generation;
    public Domain.StripeEvent Event { get; } = stripeEvent;
    public int Copy { get; } = copy;
    public DateTimeOffset CreatedAt { get; init; }
    public DeliveryStatus Status { get; set; } = DeliveryStatus.Pending;
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    public int AttemptCount
    {
        get { lock (gate) return attempts.Count; }
    }

    public void Record(DeliveryAttempt attempt)
    {
        lock (gate) attempts.Add(attempt);
    }

    public object Describe()
    {
        lock (gate)
        {
            var last = attempts.LastOrDefault();
            return new
            {
                id = Id,
                eventId = Event.Id,
                eventType = Event.Type,
                copy = Copy,
                status = Status.ToString().ToLowerInvariant(),
                attempts = attempts.Count,
                lastStatusCode = last?.StatusCode,
                lastError = last?.Error,
                createdAt = CreatedAt,
                nextAttemptAt = NextAttemptAt,
                deliveredAt = DeliveredAt,
                history = attempts.Select(a => new { at = a.At, statusCode = a.StatusCode, error = a.Error, ms = a.Milliseconds }),
            };
        }
    }
}
