using System.Collections.Concurrent;

namespace AeThexLive.StripeSandbox.Wire;

/// <summary>What the API did, for tests to read: calls that ran, answers replayed, keys refused.</summary>
internal sealed class SandboxStats
{
    private readonly ConcurrentDictionary<string, RouteCounters> routes = new(StringComparer.Ordinal);
    private long requests;
    private long executed;
    private long replayed;
    private long inUse;
    private long mismatched;
    private long stalled;
    private long failed;
    private long unauthorized;

    public void Request() => Interlocked.Increment(ref requests);
    public void Unauthorized() => Interlocked.Increment(ref unauthorized);
    public void Stalled() => Interlocked.Increment(ref stalled);
    public void Failed() => Interlocked.Increment(ref failed);
    public void InUse() => Interlocked.Increment(ref inUse);
    public void Mismatched() => Interlocked.Increment(ref mismatched);

    public void Executed(string route)
    {
        Interlocked.Increment(ref executed);
        Interlocked.Increment(ref Route(route).Executed);
    }

    public void Replayed(string route)
    {
        Interlocked.Increment(ref replayed);
        Interlocked.Increment(ref Route(route).Replayed);
    }

    public object Snapshot() => new
    {
        requests = Interlocked.Read(ref requests),
        executed = Interlocked.Read(ref executed),
        replayed = Interlocked.Read(ref replayed),
        idempotencyKeyInUse = Interlocked.Read(ref inUse),
        idempotencyMismatches = Interlocked.Read(ref mismatched),
        stalled = Interlocked.Read(ref stalled),
        failed = Interlocked.Read(ref failed),
        unauthorized = Interlocked.Read(ref unauthorized),
        routes = routes.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => new
        {
            executed = Interlocked.Read(ref r.Value.Executed),
            replayed = Interlocked.Read(ref r.Value.Replayed),
        }),
    };

    public void Reset()
    {
        routes.Clear();
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref executed, 0);
        Interlocked.Exchange(ref replayed, 0);
        Interlocked.Exchange(ref inUse, 0);
        Interlocked.Exchange(ref mismatched, 0);
        Interlocked.Exchange(ref stalled, 0);
        Interlocked.Exchange(ref failed, 0);
        Interlocked.Exchange(ref unauthorized, 0);
    }

    private RouteCounters Route(string route) => routes.GetOrAdd(route, _ => new RouteCounters());

    private sealed class RouteCounters
    {
        public long Executed;
        public long Replayed;
    }
}
