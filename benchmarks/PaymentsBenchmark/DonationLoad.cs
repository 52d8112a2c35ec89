using System.Diagnostics;
using System.Net.Http.Json;
using AeThexLive.TestSupport;

namespace AeThexLive.Benchmarks.Payments;

public sealed record LoadResult(string Name, int Completed, int Errors, double Seconds, List<double> LatenciesMs)
{
    /// <summary>A paced run's donations over 100 ms, by the second of the run they were due in: whether its tail is a few stalls or spread.</summary>
    public SortedDictionary<int, int> SlowBySecond { get; init; } = [];

    /// <summary>When the run started (UTC), to lay its slow seconds beside the machine's own logs.</summary>
    public DateTime StartedAt { get; init; }

    public double Rate => Completed / Seconds;
    public double P50 => Percentiles.Of(LatenciesMs, 0.5);
    public double P99 => Percentiles.Of(LatenciesMs, 0.99);
}

/// <summary>Clients each starting donations back to back (a new Idempotency-Key each), as viewers' apps would.</summary>
public static class DonationLoad
{
    public static async Task<LoadResult> RunAsync(string name, IReadOnlyList<HttpClient> clients, string slug, TimeSpan duration, TimeSpan warmUp)
    {
        var latencies = new List<double>[clients.Count];
        var errors = new int[clients.Count];
        var measuring = Stopwatch.StartNew();
        var measureFrom = warmUp;
        var stopAt = warmUp + duration;
        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            latencies[i] = [];
            var amount = 100 + i;
            while (measuring.Elapsed < stopAt)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await DonateAsync(client, slug, amount);
                if (measuring.Elapsed < measureFrom) continue;
                if (ok) latencies[i].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else errors[i]++;
            }
        }));
        var all = latencies.SelectMany(l => l).ToList();
        return new LoadResult(name, all.Count, errors.Sum(), duration.TotalSeconds, all);
    }

    /// <summary>
    /// The same clients at a fixed pace instead of back to back: <paramref name="totalRate"/> donations a second among
    /// them, each client's start times evenly spaced and the clients staggered. A donation's latency runs from the time
    /// it was due, not from when its client got round to it, so a slow answer that makes the next one late is counted
    /// in both (no coordinated omission).
    /// </summary>
    public static async Task<LoadResult> RunPacedAsync(string name, IReadOnlyList<HttpClient> clients, string slug, TimeSpan duration,
        double totalRate)
    {
        var latencies = new List<double>[clients.Count];
        var slow = new List<int>[clients.Count];
        var errors = new int[clients.Count];
        var interval = TimeSpan.FromSeconds(clients.Count / totalRate);
        var startedAt = DateTime.UtcNow;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            latencies[i] = [];
            slow[i] = [];
            var amount = 100 + i;
            for (var due = TimeSpan.FromSeconds(i / totalRate); due < duration; due += interval)
            {
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var ok = await DonateAsync(client, slug, amount);
                var latency = (Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds;
                if (!ok) errors[i]++;
                else latencies[i].Add(latency);
                if (!ok || latency > 100) slow[i].Add((int)due.TotalSeconds);
            }
        }));
        var all = latencies.SelectMany(l => l).ToList();
        return new LoadResult(name, all.Count, errors.Sum(), duration.TotalSeconds, all)
        {
            StartedAt = startedAt,
            SlowBySecond = new(slow.SelectMany(s => s).GroupBy(second => second).ToDictionary(g => g.Key, g => g.Count())),
        };
    }

    /// <summary>Starts one donation under a new Idempotency-Key; true when it was created.</summary>
    private static async Task<bool> DonateAsync(HttpClient client, string slug, int amount)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/{slug}/donations")
        {
            Content = JsonContent.Create(new { amountCents = amount, currency = "usd" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        try
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode == System.Net.HttpStatusCode.Created;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
