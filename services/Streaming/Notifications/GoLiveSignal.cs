namespace AeThexLive.Streaming.Notifications;

/// <summary>Wakes the notifier when a broadcast starts here, so followers hear of it without waiting for the next poll.</summary>
public sealed class GoLiveSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Raise()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already raised: the notifier will look once, which covers this broadcast too.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
