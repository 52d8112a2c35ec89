using System.Collections.Concurrent;
using System.Diagnostics;

namespace AeThexLive.Benchmarks;

/// <summary>What a run of calls measured: latencies in ms of the answered ones, how many were sent and how many failed.</summary>
public sealed record CallsResult(string Name, IReadOnlyCollection<double> LatenciesMs, int Sent, int Failed, string? FirstFailure, TimeSpan Elapsed)
{
    public double PerSecond => LatenciesMs.Count / Elapsed.TotalSeconds;
}

/// <summary>
/// Calls at a fixed rate for a fixed time whether or not earlier calls have answered (open
/// loop, as independent clients arrive), so a slow answer does not slow the offered load and
/// hide itself. A call that cannot be started because <paramref name="maxInFlight"/> are
/// waiting counts as failed: the system is not keeping up.
/// </summary>
public sealed class RateLoad(string name, int perSecond, Func<int, Task<bool>> call, int maxInFlight = 512)
{
    public async Task<CallsResult> RunAsync(TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var failed = 0;
        string? firstFailure = null;
        var inFlight = 0;
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        var total = (int)(perSecond * duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            if (Interlocked.Increment(ref inFlight) > maxInFlight)
            {
                Interlocked.Decrement(ref inFlight);
                Interlocked.Increment(ref failed);
                firstFailure ??= $"more than {maxInFlight} calls waiting";
                continue;
            }
            sent++;
            var n = i;
            running.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (await call(n)) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    else Interlocked.Increment(ref failed);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failed);
                    firstFailure ??= ex.Message;
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }
        await Task.WhenAll(running);
        return new CallsResult(name, latencies.ToList(), sent, failed, firstFailure, clock.Elapsed);
    }
}

/// <summary>
/// A closed loop, as wrk runs one: each of <c>callers</c> sends its next call as soon as its last
/// is answered, for a fixed time, so the rate is what the system (and this generator) can carry.
/// </summary>
public static class ClosedLoop
{
    public static async Task<CallsResult> RunAsync(string name, int callers, TimeSpan duration, Func<int, Task<HttpResponseMessage>> call)
    {
        var latencies = new ConcurrentBag<double>();
        var failed = 0;
        string? firstFailure = null;
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await call(Interlocked.Increment(ref next));
                    if (response.IsSuccessStatusCode) latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    else
                    {
                        Interlocked.Increment(ref failed);
                        firstFailure ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    }
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.Increment(ref failed);
                    firstFailure ??= ex.Message;
                }
            }
        })));
        return new CallsResult(name, latencies.ToList(), next, failed, firstFailure, clock.Elapsed);
    }
}
