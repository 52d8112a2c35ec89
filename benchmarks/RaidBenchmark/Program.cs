using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks;
using AeThexLive.Benchmarks.Chat;
using AeThexLive.Benchmarks.Raid;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

// A raid: a channel is live (real ffmpeg, tiny picture) and its owner chats at R messages a
// second; N viewers arrive spread over S seconds, each doing what the web app's watch page does
// on arrival through the gateway (channel read; stream read, heartbeat, playlist and a segment,
// chat negotiate + WebSocket + JoinStream + recent messages). Prints per viewer arrival → watching
// and arrival → first chat message, errors by kind, and the CPU of every part of the platform
// during the wave; then the same wave against a bare baseline in the same run (nginx serving
// copies of the same answers and segment, the bare broadcast hub) and the ratios.
// Usage: dotnet run -c Release --project benchmarks/RaidBenchmark [-- viewers spreadSeconds messagesPerSecond]
if (await SelfLaunch.WithInlineSocketCompletionsAsync(args) is { } exitCode) return exitCode;
if (args is [BareHub.Command, var portArgument])
{
    await BareHub.RunAsync(int.Parse(portArgument));
    return 0;
}
var viewers = args.Length > 0 ? int.Parse(args[0]) : 2000;
var spread = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10);
var rate = args.Length > 2 ? int.Parse(args[2]) : 20;
const double WatchingTargetMs = 2000, FirstMessageTargetMs = 3000;

var dataDirectory = RepositoryPaths.NewDataDirectory("raidbench");
var baselineFolder = RepositoryPaths.NewDataDirectory("raidbase");
// The owner's own limit (100 messages per 30 s) is raised so one account keeps up the chat for the
// whole run; it is still checked in Redis for every message. Every viewer here comes from one
// address, so Streaming's cap on anonymous viewers per address (10) is raised like the gateway's
// per-address budgets; each heartbeat is still counted.
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory,
    "--Services:chat:Chat:Limits:PrivilegedMessagesPerWindow=1000000",
    "--Services:streaming:Viewers:MaxAnonymousViewersPerAddress=1000000");

using var gateway = app.CreateHttpClient("gateway", "http");
var ownerToken = await BenchmarkPlatform.SignInNewUserAsync(gateway, "raidbench");
var (slug, key, _) = await BenchmarkChannels.CreateAsync(gateway, "Raid benchmark", "raid");
await using var publisher = BenchmarkChannels.Publish(app, key);
var liveStream = await BenchmarkChannels.WaitLiveAsync(gateway, slug);
var streamId = liveStream.GetProperty("id").GetGuid();
var hlsUrl = liveStream.GetProperty("hlsUrl").GetString()!;
await BenchmarkChannels.WaitChatOpenAsync(gateway, streamId);
// Three segments, so a player starting two from the live edge has one that is complete.
if (!await Eventually.HoldsAsync(async () => (await TryGetStringAsync(gateway, hlsUrl)).Split('\n').Count(l => l.EndsWith(".ts")) >= 3,
        TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250)))
{
    throw new TimeoutException("The live playlist never listed three segments.");
}

// The baseline's copies: the same answers and segments, taken from the live stream now.
var www = Path.Combine(baselineFolder, "www");
Directory.CreateDirectory(www);
var apiCopies = new Dictionary<string, string>
{
    [$"/api/channels/{slug}"] = "channel.json",
    [$"/api/streams/{streamId}"] = "stream.json",
    [$"/api/streams/{streamId}/chat"] = "chat.json",
};
foreach (var (path, file) in apiCopies)
{
    await File.WriteAllBytesAsync(Path.Combine(www, file), await gateway.GetByteArrayAsync(path == apiCopies.Keys.Last() ? path + "?limit=50" : path));
}
await CopyPlaylistAsync(gateway, new Uri(gateway.BaseAddress!, hlsUrl), www);

var barePort = LocalPostgres.FreePort();
await using var nginx = await BaselineNginx.StartAsync(baselineFolder, LocalPostgres.FreePort(), apiCopies,
    $"/api/streams/{streamId}/viewers/heartbeat");
using var bareHub = BareHub.StartProcess(barePort);

// One connection pool for every viewer, as lean as a load generator sharing two cores can be;
// enough connections that no viewer waits for one.
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = 512,
    UseCookies = false,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    ConnectTimeout = TimeSpan.FromSeconds(10),
};
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
var platform = new RaidTarget("platform", gateway.BaseAddress!, new Uri(gateway.BaseAddress!, "/hubs/chat"), slug, ownerToken);
var bare = new RaidTarget("bare", nginx.Address, new Uri($"http://127.0.0.1:{barePort}/hubs/chat"), slug, OwnerToken: null);
var ourProcesses = PlatformParts.MarkersOf(dataDirectory, app.GetEndpoint("redis", "tcp").Port);
ProcessCpu SampleCpu() => ProcessCpu.Start(ourProcesses, (_, commandLine) => PlatformParts.Of(commandLine, baselineFolder, (BareHub.Command, "bare hub")));

// A platform that has just reported healthy is still busy starting (the JIT's second tier, first
// relays and consumers) for a minute or more; a raid arrives at one that has been running.
var (settling, settled, _) = await Settling.WaitAsync(SampleCpu, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3));
Console.WriteLine($"The platform {(settled ? "settled" : "was still busy")} {settling.TotalSeconds:0} s after the channel went live.");

// A smaller wave on each first (a quarter of the viewers, at least 100, at the same pace), not counted, then
// a wait for the platform to settle again: a raid arrives at a platform that has served viewers for hours, so
// the figures are about the arrival, not about the JIT's second tier, which recompiles the arrival's code paths
// for tens of seconds after they first run (it ran through the chat benchmark's counted phase after a short warm-up).
var warmUpViewers = Math.Min(viewers, Math.Max(100, viewers / 4));
var warmUpSpread = spread * warmUpViewers / viewers;
foreach (var target in new[] { bare, platform })
{
    var warm = await new ArrivalWave(http, target, rate).RunAsync(warmUpViewers, warmUpSpread, SampleCpu);
    if (warm.ErrorCount > 0) Console.WriteLine($"[{target.Name}] warm-up errors (not counted): {Describe(warm.Errors)}");
}
var (resettling, resettled, _) = await Settling.WaitAsync(SampleCpu, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3));
Console.WriteLine($"The platform {(resettled ? "settled" : "was still busy")} {resettling.TotalSeconds:0} s after the warm-up waves.");

var bareRun = await new ArrivalWave(http, bare, rate).RunAsync(viewers, spread, SampleCpu);
bareHub.Kill();
await bareHub.WaitForExitAsync();
await nginx.DisposeAsync();
var ours = await new ArrivalWave(http, platform, rate).RunAsync(viewers, spread, SampleCpu);

Console.WriteLine();
Console.WriteLine($"AeThex LIVE raid benchmark — {viewers} viewers arriving over {spread.TotalSeconds:0} s, the owner chatting at {rate} msg/s, "
    + $"{Environment.ProcessorCount} cores");
foreach (var run in new[] { ours, bareRun })
{
    Console.WriteLine();
    Console.WriteLine(run == ours
        ? "through the gateway to the platform (Streaming, Chat, nginx HLS behind the gateway, PostgreSQL, Redis):"
        : "bare baseline (static copies from nginx, bare broadcast hub; no gateway, no services):");
    Console.WriteLine("  " + Percentiles.Header(36));
    Console.WriteLine("  " + Percentiles.Row("arrival → watching (ms)", run.ToWatching, 36));
    Console.WriteLine("  " + Percentiles.Row("arrival → first chat message (ms)", run.ToFirstMessage, 36));
    Console.WriteLine($"  watching {run.ToWatching.Count}/{run.Viewers}, chat received {run.ToFirstMessage.Count}/{run.Viewers}, "
        + $"{run.MessagesSent} chat messages sent, errors {run.ErrorCount}");
    foreach (var (kind, count) in run.Errors.OrderByDescending(e => e.Value)) Console.WriteLine($"    {count,6} × {kind}");
    Console.WriteLine($"  CPU during the wave ({run.Cpu.Seconds:0.0} s, from the first arrival to the last viewer done):");
    foreach (var line in run.Cpu.Lines()) Console.WriteLine("    " + line);
}
Console.WriteLine();
Ratio("arrival → watching", ours.ToWatching, bareRun.ToWatching);
Ratio("arrival → first chat message", ours.ToFirstMessage, bareRun.ToFirstMessage);
var watchingP99 = Percentiles.Of(ours.ToWatching, 0.99);
var firstMessageP99 = Percentiles.Of(ours.ToFirstMessage, 0.99);
var allWatching = ours.ToWatching.Count == viewers && ours.ToFirstMessage.Count == viewers;
Console.WriteLine($"errors {ours.ErrorCount} (target 0: {Verdict(ours.ErrorCount == 0 && allWatching)})");
Console.WriteLine($"arrival → watching p99 {watchingP99:0} ms (target ≤ {WatchingTargetMs:0}: {Verdict(watchingP99 <= WatchingTargetMs)})");
Console.WriteLine($"arrival → first chat message p99 {firstMessageP99:0} ms (target ≤ {FirstMessageTargetMs:0}: {Verdict(firstMessageP99 <= FirstMessageTargetMs)})");

await publisher.StopAsync();
await app.StopAsync();
foreach (var folder in new[] { dataDirectory, baselineFolder })
{
    try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}
return ours.ErrorCount == 0 && allWatching && watchingP99 <= WatchingTargetMs && firstMessageP99 <= FirstMessageTargetMs ? 0 : 1;

static string Verdict(bool met) => met ? "met" : "NOT met";

static string Describe(IReadOnlyDictionary<string, int> errors) => string.Join("; ", errors.Select(e => $"{e.Value} × {e.Key}"));

static void Ratio(string name, IReadOnlyList<double> ours, IReadOnlyList<double> bare) =>
    Console.WriteLine($"{name}: platform ÷ bare p50 {Percentiles.Of(ours, 0.5) / Percentiles.Of(bare, 0.5):0.00}, "
        + $"p99 {Percentiles.Of(ours, 0.99) / Percentiles.Of(bare, 0.99):0.00}");

static async Task<string> TryGetStringAsync(HttpClient client, string path)
{
    using var response = await client.GetAsync(path);
    return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
}

// The playlist at hlsUrl (and the rendition it points to, if it is a master playlist) and every
// segment it lists, stored under www at their own paths.
static async Task CopyPlaylistAsync(HttpClient client, Uri playlistUrl, string www)
{
    var playlist = await client.GetStringAsync(playlistUrl);
    await SaveAsync(playlistUrl, System.Text.Encoding.UTF8.GetBytes(playlist));
    foreach (var uri in playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
    {
        var target = new Uri(playlistUrl, uri);
        if (target.AbsolutePath.EndsWith(".m3u8", StringComparison.Ordinal)) await CopyPlaylistAsync(client, target, www);
        else await SaveAsync(target, await client.GetByteArrayAsync(target));
    }

    async Task SaveAsync(Uri url, byte[] content)
    {
        var file = Path.Combine(www, url.AbsolutePath.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, content);
    }
}
