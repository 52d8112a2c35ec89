using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

// Boots the whole platform (real nginx-rtmp, ffmpeg, services, gateway) on free ports and
// measures what a creator and a viewer feel:
//   publish → stream live in the API, publish → first playlist with a segment through the gateway,
//   and segment GET latency through the gateway against the same segment straight from nginx.
// Usage: dotnet run -c Release --project benchmarks/StreamingBenchmark [-- runs [segmentGets]]
var runs = args.Length > 0 ? int.Parse(args[0]) : 5;
var segmentGets = args.Length > 1 ? int.Parse(args[1]) : 1000;

var dataDirectory = RepositoryPaths.NewDataDirectory("bench");
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory, "--Services:streaming:Ingest:ReconnectGrace=00:00:02");

using var gateway = app.CreateHttpClient("gateway", "http");
using var nginx = app.CreateHttpClient("ingest", "http");
// Players fetch playlists and segments anonymously, as real HLS players do.
using var player = app.CreateHttpClient("gateway", "http");
var rtmp = $"rtmp://127.0.0.1:{app.GetEndpoint("ingest", "rtmp").Port}/live";

await BenchmarkPlatform.SignInNewUserAsync(gateway, "bench");

var toLive = new List<double>();
var toPlaylist = new List<double>();
List<double> viaGateway = [], direct = [];
for (var run = 0; run < runs; run++)
{
    var slug = $"bench-{Guid.NewGuid():N}"[..18];
    (await gateway.PostAsJsonAsync("/api/channels", new { name = $"Benchmark {run}", slug })).EnsureSuccessStatusCode();
    var key = (await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}/stream-key")).GetProperty("streamKey").GetString()!;

    var clock = Stopwatch.StartNew();
    await using var publisher = Publisher.Start(rtmp, key);
    while ((await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}")).GetProperty("isLive").GetBoolean() is false)
    {
        await Task.Delay(20);
        if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("never went live");
    }
    toLive.Add(clock.Elapsed.TotalMilliseconds);
    string playlist;
    while (!(playlist = await TryGetAsync(player, $"/hls/{slug}/index.m3u8")).Contains(".ts"))
    {
        await Task.Delay(50);
        if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("no playlist");
    }
    toPlaylist.Add(clock.Elapsed.TotalMilliseconds);

    if (run == runs - 1)
    {
        // Same segment both ways, interleaved, re-reading the playlist as segments roll over;
        // the first 100 pairs warm both paths up and are not counted.
        for (var i = -100; i < segmentGets; i++)
        {
            if ((i + 100) % 50 == 0) playlist = await TryGetAsync(player, $"/hls/{slug}/index.m3u8");
            var segment = playlist.Split('\n').Last(l => l.EndsWith(".ts", StringComparison.Ordinal));
            var throughGateway = await TimeGetAsync(player, $"/hls/{slug}/{segment}");
            var fromNginx = await TimeGetAsync(nginx, $"/hls/{slug}/{segment}");
            if (i < 0) continue;
            viaGateway.Add(throughGateway);
            direct.Add(fromNginx);
        }
    }
    await publisher.StopAsync();
}

Console.WriteLine();
Console.WriteLine($"AeThex LIVE streaming benchmark — {runs} publishes, {segmentGets} segment GETs each way, {Environment.ProcessorCount} cores");
Console.WriteLine(Percentiles.Header(44));
Report("publish → live in the API (ms)", toLive);
Report("publish → first playlist via gateway (ms)", toPlaylist);
Report("segment GET via gateway (ms)", viaGateway);
Report("segment GET straight from nginx (ms)", direct);
var ratio = Percentiles.Of(viaGateway, 0.99) / Math.Max(Percentiles.Of(direct, 0.99), 0.001);
Console.WriteLine($"gateway p99 / nginx p99 = {ratio:0.00} (target ≤ 2.00: {(ratio <= 2 ? "met" : "NOT met")})");
Console.WriteLine($"publish → live p50 {Percentiles.Of(toLive, 0.5):0} ms (target ≤ 2000: {(Percentiles.Of(toLive, 0.5) <= 2000 ? "met" : "NOT met")})");

await app.StopAsync();
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return;

static async Task<string> TryGetAsync(HttpClient client, string path)
{
    using var response = await client.GetAsync(path);
    return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
}

static async Task<double> TimeGetAsync(HttpClient client, string path)
{
    var clock = Stopwatch.StartNew();
    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
    response.EnsureSuccessStatusCode();
    return clock.Elapsed.TotalMilliseconds;
}

static void Report(string name, List<double> values) => Console.WriteLine(Percentiles.Row(name, values, 44));
