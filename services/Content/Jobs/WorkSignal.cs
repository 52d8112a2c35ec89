using System.Collections.Concurrent;

namespace AeThexLive.Content.Jobs;

/// <summary>
/// Wakes this instance's workers when a job of their kind was just committed here, so a new
/// job starts at once instead of at the next poll (which still finds jobs other instances made).
/// </summary>
public sealed class WorkSignal
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _pulses = new();

    public void Notify(string kind)
    {
        var pulse = Pulse(kind);
        // One pending wake-up is enough: a woken worker claims until the queue is empty.
        if (pulse.CurrentCount == 0) pulse.Release();
    }

    public async Task WaitAsync(string kind, TimeSpan timeout, CancellationToken cancellationToken) =>
        await Pulse(kind).WaitAsync(timeout, cancellationToken);

    private SemaphoreSlim Pulse(string kind) => _pulses.GetOrAdd(kind, _ => new SemaphoreSlim(0, 1));
}
