using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks;
using AeThexLive.Contracts.Streaming;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

// Boots the whole platform and measures Content:
//   a recording of N minutes at 720p30 (ffmpeg's test source, made once) from StreamEnded (written to
//   Streaming's outbox, relayed over RabbitMQ) to its VOD ready, against ffmpeg's bare remux of the same file;
//   30 s clip requests from that VOD to ready (the copy path);
//   1 MiB Range GETs of the VOD's MP4 through the gateway against the same ranges straight from nginx.
// Usage: dotnet run -c Release --project benchmarks/ContentBenchmark [-- minutes vods clips rangeGets]
// The issue's figures are for 10 minutes, 5 VODs, 20 clips, 1000 range GETs (the defaults).
var minutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var vodRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var clipRuns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var rangeGets = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;

var dataDirectory = RepositoryPaths.NewDataDirectory("bench");
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory, "--Services:content:Vods:SourceRetention=01:00:00");
using var gateway = app.CreateHttpClient("gateway", "http");
using var nginx = app.CreateHttpClient("ingest", "http");
await BenchmarkPlatform.SignInNewUserAsync(gateway, "bench");
var postgres = $"Host=127.0.0.1;Port={app.GetEndpoint("postgres", "tcp").Port};Username=postgres;"
    + $"Password={File.ReadAllText(Path.Combine(dataDirectory, "postgres-password.secret")).Trim()}";

var recordings = Path.Combine(dataDirectory, "ingest", "recordings");
var recording = Path.Combine(recordings, "benchmark-720p.flv");
Console.WriteLine($"Making a {minutes:0.#}-minute 720p30 recording…");
var made = Stopwatch.StartNew();
await FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
    "-t", (minutes * 60).ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-f", "flv", recording);
Console.WriteLine($"  made in {made.Elapsed.TotalSeconds:0} s, {new FileInfo(recording).Length / 1048576.0:0} MiB");

// The baseline: ffmpeg alone remuxing the same file to a faststart MP4, as the VOD job's first step does.
var remux = new List<double>();
for (var run = 0; run < Math.Min(vodRuns, 3); run++)
{
    var output = Path.Combine(dataDirectory, $"remux-{run}.mp4");
    var clock = Stopwatch.StartNew();
    await FfmpegAsync("-i", recording, "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-movflags", "+faststart", output);
    remux.Add(clock.Elapsed.TotalMilliseconds);
    File.Delete(output);
}

var toReady = new List<double>();
Guid vodId = default;
for (var run = 0; run < vodRuns; run++)
{
    var streamId = Guid.NewGuid();
    var ended = new StreamEnded(streamId, Guid.NewGuid(), Guid.NewGuid(), "benchmark", $"Benchmark {run}", DateTime.UtcNow.AddMinutes(-minutes),
        DateTime.UtcNow, (int)(minutes * 60), 0, 0, [recording]);
    var clock = Stopwatch.StartNew();
    await DatabaseInspection.ExecuteAsync(postgres + ";Database=streamingdb",
        "INSERT INTO outbox_messages (id, message_type, payload, occurred_at, attempts) VALUES (@id, @type, @payload::jsonb, now() AT TIME ZONE 'UTC', 0)",
        ("id", Guid.CreateVersion7()), ("type", $"{typeof(StreamEnded).FullName}, {typeof(StreamEnded).Assembly.GetName().Name}"),
        ("payload", JsonSerializer.Serialize(ended, JsonSerializerOptions.Web)));
    string? status = null;
    while (status is null or "processing")
    {
        await Task.Delay(25);
        status = await DatabaseInspection.ScalarAsync<string>(postgres + ";Database=contentdb",
            "SELECT processing_status FROM vods WHERE stream_id = @id", ("id", streamId));
        if (clock.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("the VOD never became ready");
    }
    if (status != "ready") throw new InvalidOperationException($"the VOD ended {status}");
    toReady.Add(clock.Elapsed.TotalMilliseconds);
    vodId = await DatabaseInspection.ScalarAsync<Guid>(postgres + ";Database=contentdb", "SELECT id FROM vods WHERE stream_id = @id", ("id", streamId));
}

var clipReady = new List<double>();
var duration = (await gateway.GetFromJsonAsync<JsonElement>($"/api/vods/{vodId}")).GetProperty("durationSeconds").GetInt32();
for (var run = 0; run < clipRuns; run++)
{
    var offset = Random.Shared.Next(0, Math.Max(1, duration - 31));
    var clock = Stopwatch.StartNew();
    using var created = await gateway.PostAsJsonAsync("/api/clips", new { vodId, offsetSeconds = offset, durationSeconds = 30 });
    created.EnsureSuccessStatusCode();
    var slug = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("slug").GetString();
    while ((await gateway.GetFromJsonAsync<JsonElement>($"/api/clips/{slug}")).GetProperty("status").GetString() == "processing")
    {
        await Task.Delay(10);
        if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("the clip never became ready");
    }
    clipReady.Add(clock.Elapsed.TotalMilliseconds);
}

var video = (await gateway.GetFromJsonAsync<JsonElement>($"/api/vods/{vodId}")).GetProperty("playbackUrl").GetString()!;
var length = (await nginx.SendAsync(new HttpRequestMessage(HttpMethod.Head, video))).Content.Headers.ContentLength!.Value;
List<double> viaGateway = [], direct = [];
// Same ranges both ways, interleaved; the first 100 pairs warm both paths up and are not counted.
for (var i = -100; i < rangeGets; i++)
{
    var from = Random.Shared.NextInt64(0, Math.Max(1, length - 1048576));
    var range = $"bytes={from}-{from + 1048575}";
    var throughGateway = await TimeRangeAsync(gateway, video, range);
    var fromNginx = await TimeRangeAsync(nginx, video, range);
    if (i < 0) continue;
    viaGateway.Add(throughGateway);
    direct.Add(fromNginx);
}

Console.WriteLine();
Console.WriteLine($"AeThex LIVE content benchmark — {minutes:0.#}-min 720p30 recording, {vodRuns} VODs, {clipRuns} clips, {rangeGets} 1 MiB ranges each way, "
    + $"{Environment.ProcessorCount} cores");
Console.WriteLine(Percentiles.Header(46));
Report("StreamEnded → VOD ready (ms)", toReady);
Report("baseline: ffmpeg remux alone (ms)", remux);
Report("30 s clip request → ready (ms)", clipReady);
Report("1 MiB Range GET via gateway (ms)", viaGateway);
Report("1 MiB Range GET straight from nginx (ms)", direct);
// The VOD targets are for 10 minutes of video; a shorter run scales them.
var scale = minutes / 10;
Verdict("VOD ready p50", Percentiles.Of(toReady, 0.5), 8000 * scale);
Verdict("remux p50", Percentiles.Of(remux, 0.5), 4000 * scale);
Verdict("clip ready p95", Percentiles.Of(clipReady, 0.95), 1000);
var ratio = Percentiles.Of(viaGateway, 0.99) / Math.Max(Percentiles.Of(direct, 0.99), 0.001);
Console.WriteLine($"gateway p99 / nginx p99 = {ratio:0.00} (target ≤ 2.00: {(ratio <= 2 ? "met" : "NOT met")})");

await app.StopAsync();
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return;

static void Report(string name, List<double> values) => Console.WriteLine(Percentiles.Row(name, values, 46));

static void Verdict(string name, double value, double target) =>
    Console.WriteLine($"{name} {value:0} ms (target ≤ {target:0}: {(value <= target ? "met" : "NOT met")})");

static async Task<double> TimeRangeAsync(HttpClient client, string path, string range)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.TryAddWithoutValidation("Range", range);
    var clock = Stopwatch.StartNew();
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    if ((int)response.StatusCode != 206) throw new InvalidOperationException($"range GET answered {(int)response.StatusCode}");
    return clock.Elapsed.TotalMilliseconds;
}

static async Task FfmpegAsync(params string[] arguments)
{
    var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
    foreach (var argument in (string[])["-nostdin", "-loglevel", "error", "-y", .. arguments]) start.ArgumentList.Add(argument);
    using var process = Process.Start(start)!;
    var errors = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {await errors}");
}
