namespace AeThexLive.Analytics.Rollups;

/// <summary>Wakes the rollup worker as soon as a batch in this process commits new facts, instead of at its next poll.</summary>
public sealed class RollupSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
