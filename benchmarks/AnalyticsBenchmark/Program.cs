using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks;
using AeThexLive.Benchmarks.Analytics;
using AeThexLive.Contracts.Chat;
using AeThexLive.Contracts.Streaming;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MassTransit;
using Npgsql;

// Boots the whole platform and measures Analytics the way a busy platform loads it:
//   sustained ingest: a realistic mix of events published to RabbitMQ at a target rate, counted
//     against the facts afterwards (0 lost, 0 counted twice, with ~2 % of events published twice);
//     baseline: how fast this process publishes the same events;
//   event → visible in the hourly rollup, while the load runs;
//   a full rebuild (POST /api/admin/analytics/rebuild) over the facts topped up to a target count;
//     baseline: one sequential scan of every fact table;
//   dashboard query latency through the gateway (a channel's 30 days, a broadcast's hours);
//     baseline: the service's trivial info route through the same gateway.
// Usage: dotnet run -c Release --project benchmarks/AnalyticsBenchmark [-- seconds rate rebuildFacts dashboardRequests]
//   (the targets: 60 5000 1000000 1000, the defaults)
var seconds = args.Length > 0 ? int.Parse(args[0]) : 60;
var rate = args.Length > 1 ? int.Parse(args[1]) : 5000;
var rebuildFacts = args.Length > 2 ? long.Parse(args[2]) : 1_000_000;
var dashboardRequests = args.Length > 3 ? int.Parse(args[3]) : 1000;
const string AdminName = "bench_admin";

var dataDirectory = RepositoryPaths.NewDataDirectory("bench");
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory, $"--Services:identity:Identity:InitialAdmin={AdminName}");
var secret = (string name) => File.ReadAllText(Path.Combine(dataDirectory, $"{name}.secret")).Trim();
var analyticsDb = $"Host=127.0.0.1;Port={app.GetEndpoint("postgres", "tcp").Port};Username=postgres;Password={secret("postgres-password")};"
    + "Database=analyticsdb;Command Timeout=300";
var rabbit = new Uri($"amqp://aethex:{secret("rabbitmq-password")}@127.0.0.1:{app.GetEndpoint("rabbitmq", "tcp").Port}");

using var gateway = app.CreateHttpClient("gateway", "http");
using var adminGateway = app.CreateHttpClient("gateway", "http");
adminGateway.Timeout = TimeSpan.FromMinutes(10);
await BenchmarkPlatform.SignInNewUserAsync(gateway, "bench");
var slug = $"bench-{Guid.NewGuid():N}"[..18];
var channel = await (await gateway.PostAsJsonAsync("/api/channels", new { name = "Analytics benchmark", slug })).Content.ReadFromJsonAsync<JsonElement>();
var channelId = channel.GetProperty("id").GetGuid();
adminGateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AdminTokenAsync(adminGateway));

// 50 broadcasts on 50 channels (the first one the signed-in creator's), and a probe broadcast on a channel of its own.
var broadcasts = Enumerable.Range(0, 50).Select(i => (StreamId: Guid.CreateVersion7(), ChannelId: i == 0 ? channelId : Guid.CreateVersion7())).ToList();
var (probe, probeChannel) = (Guid.CreateVersion7(), Guid.CreateVersion7());
var bus = Bus.Factory.CreateUsingRabbitMq(rabbitMq => rabbitMq.Host(rabbit, host => host.PublisherConfirmation = true));
await bus.StartAsync();
var started = DateTime.UtcNow;
foreach (var (streamId, broadcastChannel) in broadcasts.Append((probe, probeChannel)))
{
    await bus.Publish(new StreamStarted(streamId, broadcastChannel, Guid.NewGuid(), "bench", "bench", "bench", null, [], "/hls/bench", started));
}

// A platform that has just reported healthy is busy for a while (JIT, first relays): wait until it idles.
var (settling, settled, idle) = await BenchmarkPlatform.SettleAsync(app, dataDirectory);
Console.WriteLine($"settled after {settling.TotalSeconds:0} s ({(settled ? "idle" : "still busy")}: "
    + $"{idle.CpuSeconds.Values.Sum() / idle.Seconds * 100:0} % of a core over the last 5 s)");

// Baseline: this process publishing the mix as fast as it can, for a few seconds, to an exchange nobody reads.
var publishRate = await MeasurePublishRateAsync(bus, broadcasts);
Console.WriteLine($"baseline: this process publishes {publishRate:0} events/s with publisher confirms");

var mix = new EventMix(broadcasts, seed: 42);
var published = 0L;
var latencies = new List<double>();
using var stopProbes = new CancellationTokenSource();
var probes = Task.Run(() => ProbeAsync(bus, analyticsDb, probe, probeChannel, latencies, stopProbes.Token));
var backlogAtEnd = 0L;
var clock = Stopwatch.StartNew();
var ingestCpu = BenchmarkPlatform.SampleCpu(app, dataDirectory);
Console.WriteLine($"Publishing {rate} events/s for {seconds} s…");
// Open loop, as many producers publish on a busy platform: a tenth of a second's events every
// tenth of a second, without waiting for the last ones' confirms (RabbitMQ confirms a persistent
// message routed to a durable queue only once it is written to disk, hundreds of ms later), up to
// a second's worth in flight: past that, the publisher waits, and the rate it reaches is what the
// platform sustains.
var mostInFlight = rate;
var inFlight = new Queue<Task>();
for (var tick = 0; tick < seconds * 10; tick++)
{
    var due = TimeSpan.FromMilliseconds(100 * tick) - clock.Elapsed;
    if (due > TimeSpan.Zero) await Task.Delay(due);
    var now = DateTime.UtcNow;
    var chunk = Enumerable.Range(0, rate / 10).Select(_ => mix.Next(now)).ToList();
    inFlight.Enqueue(Task.WhenAll(chunk.Select(e => bus.Publish(e, e.GetType()))));
    published += chunk.Count;
    while (inFlight.Count > 0 && (inFlight.Peek().IsCompleted || inFlight.Count * (rate / 10) > mostInFlight)) await inFlight.Dequeue();
}
var publishSeconds = clock.Elapsed.TotalSeconds;
while (inFlight.Count > 0) await inFlight.Dequeue();
Console.WriteLine($"published {published} events in {publishSeconds:0.0} s, all confirmed after {clock.Elapsed.TotalSeconds:0.0} s");
backlogAtEnd = mix.Facts - await BenchFactsAsync(analyticsDb, broadcasts);
var expectedFacts = mix.Facts;
var recorded = await Eventually.ValueAsync(() => BenchFactsAsync(analyticsDb, broadcasts), n => n >= expectedFacts, TimeSpan.FromMinutes(5),
    TimeSpan.FromMilliseconds(200));
var ingestSeconds = clock.Elapsed.TotalSeconds;
var ingestWindow = await ingestCpu.StopAsync();
Console.WriteLine($"recorded {recorded} facts after {ingestSeconds:0.0} s");
await stopProbes.CancelAsync();
await probes;
var drained = await Eventually.HoldsAsync(async () => await ScalarAsync(analyticsDb,
    "SELECT (SELECT count(*) FROM dirty_stream_hours) + (SELECT count(*) FROM dirty_streams) + (SELECT count(*) FROM dirty_channel_days)") == 0,
    TimeSpan.FromMinutes(5));
var check = await CheckRollupsAsync(analyticsDb, broadcasts, mix);

// Dashboard queries through the gateway, with a warm-up; the baseline is the service's info route. Analytics
// learns the channel's owner from ChannelCreated: wait for that before timing.
var readable = await Eventually.HoldsAsync(async () =>
    (await gateway.GetAsync($"/api/channels/{slug}/analytics")).IsSuccessStatusCode, TimeSpan.FromMinutes(2));
if (!readable) Console.WriteLine($"Analytics never learned of channel {slug}: the dashboard figures below will fail.");
var dashboard = await TimeGetsAsync(gateway, $"/api/channels/{slug}/analytics", dashboardRequests);
var hourly = await TimeGetsAsync(gateway, $"/api/streams/{broadcasts[0].StreamId}/analytics", dashboardRequests);
var info = await TimeGetsAsync(adminGateway, "/api/analytics/info", dashboardRequests); // admins only, since the edge was hardened

// Top up to the rebuild's fact count with chat spread over a day, then rebuild through the gateway.
await TopUpAsync(analyticsDb, broadcasts, rebuildFacts);
var totalFacts = await AllFactsAsync(analyticsDb);
var scan = Stopwatch.StartNew();
await AllFactsAsync(analyticsDb);
var scanMs = scan.Elapsed.TotalMilliseconds;
var rebuildClock = Stopwatch.StartNew();
using var rebuild = await adminGateway.PostAsync("/api/admin/analytics/rebuild", null);
var rebuildMs = rebuildClock.Elapsed.TotalMilliseconds;
var rebuildBody = await rebuild.Content.ReadAsStringAsync();
var afterRebuild = await ScalarAsync(analyticsDb,
    "SELECT (SELECT coalesce(sum(chat_messages), 0) FROM stream_totals) - (SELECT count(*) FROM fact_chat_messages)");

Console.WriteLine();
Console.WriteLine($"AeThex LIVE analytics benchmark — {seconds} s at {rate} events/s, {Environment.ProcessorCount} cores");
Console.WriteLine($"baseline: this process publishes {publishRate:0} events/s with publisher confirms");
Console.WriteLine($"published {published} events ({mix.Facts} distinct facts, the rest re-sent) in {publishSeconds:0.0} s = {published / publishSeconds:0} events/s");
Console.WriteLine($"ingested: {recorded} facts recorded {ingestSeconds:0.0} s after the first publish = {recorded / ingestSeconds:0} facts/s "
    + $"(backlog when publishing stopped: {backlogAtEnd}; target ≥ 5000/s for 60 s: "
    + $"{(seconds >= 60 && rate >= 5000 && recorded / ingestSeconds >= 5000 ? "met" : "NOT met or not this run's load")})");
Console.WriteLine($"lost: {Math.Max(0, expectedFacts - recorded)}, counted twice among facts: {Math.Max(0, recorded - expectedFacts)}, "
    + $"rollups drained: {drained}, rollup sums off: {check}");
Console.WriteLine($"CPU from the first publish until every fact was recorded ({ingestWindow.Seconds:0.0} s), "
    + $"{1e6 * ingestWindow.CpuSeconds.Values.Sum() / Math.Max(1, published):0} µs of CPU per event published, all parts:");
foreach (var line in ingestWindow.Lines()) Console.WriteLine("  " + line);
Console.WriteLine(Percentiles.Header(46));
Report("event → visible in the hourly rollup (ms)", latencies);
Report("GET channel analytics, 30 days (ms)", dashboard);
Report("GET stream analytics (ms)", hourly);
Report("baseline: GET /api/analytics/info (ms)", info);
Console.WriteLine($"rollup latency p50 {Percentiles.Of(latencies, 0.5):0} ms (≤ 500), p99 {Percentiles.Of(latencies, 0.99):0} ms (≤ 2000); "
    + $"dashboard p99 {Percentiles.Of(dashboard, 0.99):0.0} ms (≤ 30)");
Console.WriteLine($"rebuild over {totalFacts} facts: {rebuildMs / 1000:0.0} s through the gateway ({(int)rebuild.StatusCode}: {rebuildBody}); "
    + $"target ≤ 30 s: {(rebuildMs <= 30_000 ? "met" : "NOT met")}; baseline: one scan of every fact table {scanMs / 1000:0.00} s; "
    + $"chat in totals minus chat facts after it: {afterRebuild}");

await bus.StopAsync();
await app.StopAsync();
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return;

async Task<string> AdminTokenAsync(HttpClient client)
{
    const string password = "benchmark passphrase 1";
    await client.PostAsJsonAsync("/api/auth/register", new { username = AdminName, email = $"{AdminName}@example.com", password });
    var login = await (await client.PostAsJsonAsync("/api/auth/login", new { login = AdminName, password })).Content.ReadFromJsonAsync<JsonElement>();
    return login.GetProperty("accessToken").GetString()!;
}

static async Task<double> MeasurePublishRateAsync(IBusControl bus, IReadOnlyList<(Guid StreamId, Guid ChannelId)> broadcasts)
{
    // Same shape and size of messages, under a type no service consumes, so the measure is the publisher alone.
    var clock = Stopwatch.StartNew();
    var sent = 0;
    while (clock.Elapsed < TimeSpan.FromSeconds(3))
    {
        var now = DateTime.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ =>
            bus.Publish(new BenchmarkNoise(Guid.NewGuid(), broadcasts[0].StreamId, broadcasts[0].ChannelId, Guid.NewGuid(), now))));
        sent += 500;
    }
    return sent / clock.Elapsed.TotalSeconds;
}

static async Task ProbeAsync(IBusControl bus, string db, Guid probe, Guid channelId, List<double> latencies, CancellationToken stop)
{
    var sent = 0;
    while (!stop.IsCancellationRequested)
    {
        var clock = Stopwatch.StartNew();
        await bus.Publish(new ChatMessagePosted(Guid.CreateVersion7(), probe, channelId, Guid.NewGuid(), DateTime.UtcNow));
        sent++;
        var visible = await Eventually.HoldsAsync(async () => await ScalarAsync(db,
            $"SELECT coalesce(sum(chat_messages), 0) FROM stream_analytics WHERE stream_id = '{probe}'") >= sent,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));
        if (visible) latencies.Add(clock.Elapsed.TotalMilliseconds);
        try { await Task.Delay(250, stop); } catch (OperationCanceledException) { }
    }
}

static async Task<long> BenchFactsAsync(string db, IReadOnlyList<(Guid StreamId, Guid ChannelId)> broadcasts)
{
    var channels = string.Join(",", broadcasts.Select(b => $"'{b.ChannelId}'"));
    var streams = string.Join(",", broadcasts.Select(b => $"'{b.StreamId}'"));
    return await ScalarAsync(db, $"""
        SELECT (SELECT count(*) FROM fact_chat_messages WHERE stream_id IN ({streams}))
             + (SELECT count(*) FROM fact_viewer_sessions WHERE stream_id IN ({streams}))
             + (SELECT count(*) FROM fact_viewer_samples WHERE stream_id IN ({streams}))
             + (SELECT count(*) FROM fact_follows WHERE channel_id IN ({channels}))
             + (SELECT count(*) FROM fact_unfollows WHERE channel_id IN ({channels}))
             + (SELECT count(*) FROM fact_donations WHERE channel_id IN ({channels}))
             + (SELECT count(*) FROM fact_subscriptions WHERE channel_id IN ({channels}))
             + (SELECT count(*) FROM fact_gifts WHERE channel_id IN ({channels}))
        """);
}

static async Task<string> CheckRollupsAsync(string db, IReadOnlyList<(Guid StreamId, Guid ChannelId)> broadcasts, EventMix mix)
{
    var channels = string.Join(",", broadcasts.Select(b => $"'{b.ChannelId}'"));
    var streams = string.Join(",", broadcasts.Select(b => $"'{b.StreamId}'"));
    var off = new List<string>();
    async Task Compare(string what, string sql, long expected)
    {
        var actual = await ScalarAsync(db, sql);
        if (actual != expected) off.Add($"{what} {actual} ≠ {expected}");
    }
    await Compare("chat", $"SELECT coalesce(sum(chat_messages), 0) FROM stream_totals WHERE stream_id IN ({streams})", mix.ChatMessages);
    await Compare("chat/day", $"SELECT coalesce(sum(chat_messages), 0) FROM channel_analytics WHERE channel_id IN ({channels})", mix.ChatMessages);
    await Compare("follows", $"SELECT coalesce(sum(new_followers), 0) FROM channel_analytics WHERE channel_id IN ({channels})", mix.Follows);
    await Compare("donated cents", $"SELECT coalesce(sum(donations_cents), 0) FROM channel_analytics WHERE channel_id IN ({channels})", mix.DonationCents);
    await Compare("subscriptions", $"SELECT coalesce(sum(subscriptions), 0) FROM channel_analytics WHERE channel_id IN ({channels})", mix.Subscriptions);
    await Compare("gifted", $"SELECT coalesce(sum(gifted_subscriptions), 0) FROM channel_analytics WHERE channel_id IN ({channels})",
        mix.GiftedSubscriptions);
    return off.Count == 0 ? "none" : string.Join("; ", off);
}

static async Task TopUpAsync(string db, IReadOnlyList<(Guid StreamId, Guid ChannelId)> broadcasts, long target)
{
    var missing = target - await AllFactsAsync(db);
    if (missing <= 0) return;
    // Yesterday's day of chat on one more broadcast of a benchmark channel, as if ingested long ago.
    var (streamId, channelId, start) = (Guid.CreateVersion7(), broadcasts[1].ChannelId, DateTime.UtcNow.Date.AddDays(-1));
    await ExecuteAsync(db, $"""
        INSERT INTO fact_stream_starts (stream_id, channel_id, started_at) VALUES ('{streamId}', '{channelId}', '{start:O}');
        INSERT INTO fact_chat_messages (message_id, stream_id, channel_id, user_id, posted_at)
        SELECT gen_random_uuid(), '{streamId}', '{channelId}', gen_random_uuid(), '{start:O}'::timestamp + (i % 86400) * interval '1 second'
        FROM generate_series(1, {missing - 1}) AS i;
        """);
}

static Task<long> AllFactsAsync(string db) => ScalarAsync(db, """
    SELECT (SELECT count(*) FROM fact_chat_messages) + (SELECT count(*) FROM fact_viewer_sessions) + (SELECT count(*) FROM fact_viewer_samples)
         + (SELECT count(*) FROM fact_follows) + (SELECT count(*) FROM fact_unfollows) + (SELECT count(*) FROM fact_donations)
         + (SELECT count(*) FROM fact_subscriptions) + (SELECT count(*) FROM fact_gifts) + (SELECT count(*) FROM fact_stream_starts)
         + (SELECT count(*) FROM fact_stream_ends)
    """);

static async Task<long> ScalarAsync(string db, string sql)
{
    await using var connection = new NpgsqlConnection(db);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync());
}

static async Task ExecuteAsync(string db, string sql)
{
    await using var connection = new NpgsqlConnection(db);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static async Task<List<double>> TimeGetsAsync(HttpClient client, string path, int count)
{
    var times = new List<double>();
    for (var i = -50; i < count; i++)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        if (i >= 0) times.Add(clock.Elapsed.TotalMilliseconds);
    }
    return times;
}

static void Report(string name, List<double> values) => Console.WriteLine(Percentiles.Row(name, values, 46));
