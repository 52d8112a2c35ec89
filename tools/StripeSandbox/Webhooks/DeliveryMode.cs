namespace AeThexLive.StripeSandbox.Webhooks;

/// <summary>How new events are delivered; tests change it through <c>/_sandbox/webhooks/mode</c>.</summary>
public sealed record DeliveryMode
{
    /// <summary>Copies of each event sent (Stripe may send an event more than once).</summary>
    public int Copies { get; init; } = 1;

    /// <summary>Wait before the first attempt of each copy.</summary>
    public int DelayMs { get; init; }

    /// <summary>Extra random wait of up to this much per copy, so copies and events overtake each other.</summary>
    public int JitterMs { get; init; }

    /// <summary>Keep deliveries back until released (then in random order if asked).</summary>
    public bool Hold { get; init; }

    /// <summary>Record every event but send none.</summary>
    public bool Drop { get; init; }

    /// <summary>Drop this many of the next events, then deliver again.</summary>
    public int DropNext { get; init; }
}
