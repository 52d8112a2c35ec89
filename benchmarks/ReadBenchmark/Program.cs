using AeThexLive.Benchmarks;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

// The reads every arriving viewer repeats — a channel (GET /api/channels/{slug}, live, with its
// viewer count) and the directory (GET /api/channels) — by C anonymous callers in a closed loop
// (as wrk runs them) for S seconds each, once both paths of the read have had S/2 seconds of warm-up:
//   1. the platform as it runs: through the gateway, which answers from its public-read copies
//      (Gateway:Caching:PublicReads, 1 s), and straight to Streaming;
//   2. the platform booted again with the copies off: through the gateway uncached, and straight
//      to Streaming again, the baseline of the gateway's own overhead.
// Prints requests/s, p50/p99 and the CPU per request of each part (gateway, Streaming, PostgreSQL,
// Redis, this load generator), then the ratios the targets are set on: cached ÷ uncached through the
// gateway (≥ 5×) and straight to Streaming ÷ uncached through the gateway (≤ 1.25×). Each boot is
// measured once it has settled (at most a quarter of a core over 5 s): a platform that has just
// reported healthy is still busy, and its start-up would be counted against whatever runs first.
// Usage: dotnet run -c Release --project benchmarks/ReadBenchmark [-- callers seconds channels]
var callers = args.Length > 0 ? int.Parse(args[0]) : 32;
var seconds = args.Length > 1 ? int.Parse(args[1]) : 20;
var channelCount = args.Length > 2 ? int.Parse(args[2]) : 30;
var duration = TimeSpan.FromSeconds(seconds);
var warmUp = TimeSpan.FromSeconds(Math.Max(2, seconds / 2));
const double CachedTarget = 5, OverheadTarget = 1.25;

var cached = await MeasureAsync(caching: true);
var uncached = await MeasureAsync(caching: false);

Console.WriteLine();
Console.WriteLine($"AeThex LIVE read benchmark — {callers} anonymous callers in a closed loop, {seconds} s per measure, "
    + $"{channelCount} channels (one live), {Environment.ProcessorCount} cores");
foreach (var boot in new[] { cached, uncached })
{
    Console.WriteLine($"{(boot == cached ? "first" : "second")} boot: busy for {boot.Settling.TotalSeconds:0} s after the channel went live, then idle at "
        + $"{boot.Idle.CpuSeconds.Values.Sum() / boot.Idle.Seconds * 100:0} % of a core ("
        + string.Join(", ", boot.Idle.CpuSeconds.OrderByDescending(p => p.Value).Take(4).Select(p => $"{p.Key} {p.Value / boot.Idle.Seconds * 100:0.0} %")) + ")");
}
Console.WriteLine();
Console.WriteLine("  " + Percentiles.Header(48) + "      rate  failed   CPU per request (µs): gateway streaming postgres redis loadgen");
foreach (var run in cached.Runs.Concat(uncached.Runs))
{
    Console.WriteLine("  " + Percentiles.Row($"{run.Calls.Name} (ms)", run.Calls.LatenciesMs, 48) + $" {run.Calls.PerSecond,8:0}/s {run.Calls.Failed,7}"
        + $"   {run.Micros("gateway"),7:0} {run.Micros("streaming"),9:0} {run.Micros("postgres"),8:0} {run.Micros("redis"),5:0} {run.Micros("load generator + AppHost"),7:0}"
        + (run.Calls.FirstFailure is null ? "" : $"  ({run.Calls.FirstFailure})"));
}
Console.WriteLine();
var met = true;
foreach (var read in new[] { "channel", "directory" })
{
    var (hit, miss) = (cached.Get($"{read}, gateway"), uncached.Get($"{read}, gateway"));
    var (directNow, directBefore) = (uncached.Get($"{read}, straight to Streaming"), cached.Get($"{read}, straight to Streaming"));
    var speedUp = hit.Calls.PerSecond / miss.Calls.PerSecond;
    var overhead = directNow.Calls.PerSecond / miss.Calls.PerSecond;
    var failed = cached.Runs.Concat(uncached.Runs).Sum(r => r.Calls.Failed);
    met &= speedUp >= CachedTarget && overhead <= OverheadTarget && failed == 0;
    Console.WriteLine($"{read}: cached ÷ uncached through the gateway {speedUp:0.00}× (target ≥ {CachedTarget}: {Verdict(speedUp >= CachedTarget)}); "
        + $"straight to Streaming ÷ uncached gateway {overhead:0.00}× (target ≤ {OverheadTarget}: {Verdict(overhead <= OverheadTarget)}; "
        + $"straight to Streaming in the first boot {directBefore.Calls.PerSecond:0}/s, in the second {directNow.Calls.PerSecond:0}/s)");
}
return met ? 0 : 1;

async Task<Boot> MeasureAsync(bool caching)
{
    var dataDirectory = RepositoryPaths.NewDataDirectory("readbench");
    // Every caller is anonymous and comes from one address; reads spend no budget at the gateway, and
    // no viewer here sends a heartbeat, so no cap binds.
    await using var app = await BenchmarkPlatform.StartAsync(dataDirectory,
        caching ? [] : ["--Services:gateway:Gateway:Caching:PublicReads=00:00:00"]);
    using var owner = app.CreateHttpClient("gateway", "http");
    await BenchmarkPlatform.SignInNewUserAsync(owner, "readbench");
    var (slug, key, _) = await BenchmarkChannels.CreateAsync(owner, "Read benchmark", "reads");
    for (var i = 1; i < channelCount; i++) await BenchmarkChannels.CreateAsync(owner, $"Read benchmark {i}", "reads");
    await using var publisher = BenchmarkChannels.Publish(app, key);
    await BenchmarkChannels.WaitLiveAsync(owner, slug);

    var (settling, settled, idle) = await BenchmarkPlatform.SettleAsync(app, dataDirectory);
    Console.WriteLine($"[{(caching ? "cached" : "uncached")} boot] {(settled ? "settled" : "still busy")} {settling.TotalSeconds:0} s after going live");

    using var gateway = BenchmarkPlatform.LoadClient(app.GetEndpoint("gateway", "http"));
    using var direct = BenchmarkPlatform.LoadClient(app.GetEndpoint("streaming", "http"));
    var label = caching ? "cached" : "uncached";
    var runs = new List<Run>();
    foreach (var (read, path) in new[] { ("channel", $"/api/channels/{slug}"), ("directory", "/api/channels") })
    {
        var paths = new[] { ($"gateway, {label}", gateway), ("straight to Streaming", direct) };
        // Both paths are warmed before either is measured: the first read of a path through the
        // gateway is also Streaming's first, and its tier-1 compilations (up to half a core for
        // 10 s on this machine) would otherwise be charged to whichever path is measured first.
        foreach (var (via, client) in paths)
        {
            Console.WriteLine($"[{label} boot] {read}, {via}: warming up {warmUp.TotalSeconds:0} s…");
            await ClosedLoop.RunAsync("warm-up", callers, warmUp, _ => client.GetAsync(path));
        }
        foreach (var (via, client) in paths)
        {
            Console.WriteLine($"[{label} boot] {read}, {via}: measuring {seconds} s…");
            var cpu = BenchmarkPlatform.SampleCpu(app, dataDirectory);
            var calls = await ClosedLoop.RunAsync($"{read}, {via}", callers, duration, _ => client.GetAsync(path));
            runs.Add(new Run(calls, await cpu.StopAsync()));
        }
    }

    await publisher.StopAsync();
    await app.StopAsync();
    try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    return new Boot(settling, idle, runs);
}

static string Verdict(bool met) => met ? "met" : "NOT met";

internal sealed record Run(CallsResult Calls, CpuWindow Cpu)
{
    /// <summary>CPU µs a part spent per answered request during the measure.</summary>
    public double Micros(string part) => Cpu.CpuSeconds.GetValueOrDefault(part) * 1e6 / Math.Max(1, Calls.LatenciesMs.Count);
}

internal sealed record Boot(TimeSpan Settling, CpuWindow Idle, IReadOnlyList<Run> Runs)
{
    public Run Get(string namePrefix) => Runs.Single(r => r.Calls.Name.StartsWith(namePrefix, StringComparison.Ordinal));
}
