using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks.Chat;
using AeThexLive.Benchmarks;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

// One busy room: N WebSocket viewers through the gateway, one sender at R messages a second
// for S seconds, against the whole platform (gateway, Chat with its checks, PostgreSQL, the
// outbox, the Redis backplane); then the same load against a bare SignalR hub that only
// broadcasts. Prints delivered/expected, send→last-recipient latency, and our throughput
// as a share of the bare hub's.
// Usage: dotnet run -c Release --project benchmarks/ChatBenchmark [-- viewers rate seconds warmUpSeconds]
if (await SelfLaunch.WithInlineSocketCompletionsAsync(args) is { } exitCode) return exitCode;
if (args is [BareHub.Command, var portArgument])
{
    await BareHub.RunAsync(int.Parse(portArgument));
    return 0;
}
var viewers = args.Length > 0 ? int.Parse(args[0]) : 1000;
var rate = args.Length > 1 ? int.Parse(args[1]) : 20;
var seconds = args.Length > 2 ? int.Parse(args[2]) : 30;
var warmUp = args.Length > 3 ? TimeSpan.FromSeconds(int.Parse(args[3])) : RoomLoad.DefaultWarmUp;

var dataDirectory = RepositoryPaths.NewDataDirectory("chatbench");
// The sender is the channel's owner; the owner's limit (100 per 30 s) is raised so one
// account can keep up 20 a second. The limit is still checked in Redis for every message.
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory,
    $"--Services:chat:Chat:Limits:PrivilegedMessagesPerWindow={rate * 60 + 1000}");

using var gateway = app.CreateHttpClient("gateway", "http");
var token = await BenchmarkPlatform.SignInNewUserAsync(gateway, "chatbench");

// A live stream to chat in.
var (slug, key, _) = await BenchmarkChannels.CreateAsync(gateway, "Chat benchmark", "chat");
await using var publisher = BenchmarkChannels.Publish(app, key);
var liveStreamId = (await BenchmarkChannels.WaitLiveAsync(gateway, slug)).GetProperty("id").GetGuid();
await BenchmarkChannels.WaitChatOpenAsync(gateway, liveStreamId);

// A platform that has just reported healthy is busy for a minute or so (the JIT's second tier, first
// relays and consumers); both runs start once it has settled, so neither measures its start-up.
var (settling, settled, _) = await BenchmarkPlatform.SettleAsync(app, dataDirectory);
Console.WriteLine($"The platform {(settled ? "settled" : "was still busy")} {settling.TotalSeconds:0} s after the channel went live.");

// The bare hub runs while the platform idles beside it, so both runs share the same machine.
var barePort = LocalPostgres.FreePort();
using var bareHub = BareHub.StartProcess(barePort);
// Where the cores go while the counted messages are sent, in each run: the platform's parts, the
// bare hub (a child of this program) and this program, the load generator.
ProcessCpu? sampling = null;
void StartSampling() => sampling = BenchmarkPlatform.SampleCpu(app, dataDirectory, (BareHub.Command, "bare hub"));
LoadResult bare;
CpuWindow bareCpu;
try
{
    bare = await new RoomLoad(new Uri($"http://127.0.0.1:{barePort}/hubs/chat"), Guid.NewGuid(), senderToken: null)
        .RunAsync("bare hub", viewers, rate, TimeSpan.FromSeconds(seconds), StartSampling, warmUp);
    bareCpu = await sampling!.StopAsync();
}
finally
{
    bareHub.Kill();
    await bareHub.WaitForExitAsync();
}
var ours = await new RoomLoad(new Uri(app.GetEndpoint("gateway", "http"), "/hubs/chat"), liveStreamId, token)
    .RunAsync("platform", viewers, rate, TimeSpan.FromSeconds(seconds), StartSampling, warmUp);
var oursCpu = await sampling!.StopAsync();

Console.WriteLine();
Console.WriteLine($"AeThex LIVE chat benchmark — 1 room, {viewers} WebSocket viewers, 1 sender at {rate} msg/s for {seconds} s, {Environment.ProcessorCount} cores");
foreach (var run in new[] { ours, bare })
{
    Console.WriteLine();
    Console.WriteLine(run.Name == "platform" ? "through the gateway to Chat (stored, checked, Redis backplane):" : "bare SignalR broadcast hub (no gateway, no storage):");
    Console.WriteLine($"  delivered/expected {run.Delivered}/{run.Expected} = {100.0 * run.Delivered / run.Expected:0.000}%"
        + (run.SendFailures > 0 ? $"  ({run.SendFailures} sends refused: {run.FirstFailure})" : ""));
    Console.WriteLine($"  throughput {run.ThroughputPerSecond:0} deliveries/s");
    Console.WriteLine("  " + Percentiles.Header(40));
    Console.WriteLine("  " + Percentiles.Row("send → first recipient (ms)", run.FirstRecipientMs.ToList(), 40));
    Console.WriteLine("  " + Percentiles.Row("send → last recipient (ms)", run.LastRecipientMs.ToList(), 40));
    Console.WriteLine($"  slowest per second of sending (ms): {string.Join(' ', run.WorstPerSecond.Select(ms => ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
    var cpu = run == ours ? oursCpu : bareCpu;
    Console.WriteLine($"  CPU from the first counted send until the last delivery ({cpu.Seconds:0.0} s):");
    foreach (var line in cpu.Lines()) Console.WriteLine("    " + line);
}
var p50 = Percentiles.Of(ours.LastRecipientMs.ToList(), 0.5);
var p99 = Percentiles.Of(ours.LastRecipientMs.ToList(), 0.99);
var ratio = ours.ThroughputPerSecond / bare.ThroughputPerSecond;
Console.WriteLine();
Console.WriteLine($"delivered/expected {100.0 * ours.Delivered / ours.Expected:0.000}% (target 100%: {Verdict(ours.Delivered == ours.Expected)})");
Console.WriteLine($"send → last recipient p50 {p50:0.0} ms (target ≤ 20: {Verdict(p50 <= 20)}), p99 {p99:0.0} ms (target ≤ 100: {Verdict(p99 <= 100)})");
Console.WriteLine($"throughput vs bare hub {ratio:0.00} (target ≥ 0.70: {Verdict(ratio >= 0.7)})");

await publisher.StopAsync();
await app.StopAsync();
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return ours.Delivered == ours.Expected && p50 <= 20 && p99 <= 100 && ratio >= 0.7 ? 0 : 1;

static string Verdict(bool met) => met ? "met" : "NOT met";

