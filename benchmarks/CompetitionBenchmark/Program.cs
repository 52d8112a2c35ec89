using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks;
using AeThexLive.Benchmarks.Competition;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using StackExchange.Redis;

// One board of N entries (1,000,000 by default, seeded by COPY straight into competitiondb),
// against the whole platform (gateway, Competition, PostgreSQL, Redis):
//   the time Competition takes to rebuild the board's Redis set from PostgreSQL (its keys deleted, then one read);
//   top-100 and around-me reads through the gateway at R reads/s while W score submissions/s run,
//   with the same reads straight to Competition and bare Redis ZREVRANGE as baselines in the same run;
//   score-submission throughput and latency with 64 writers in a closed loop;
//   and finally that Redis and PostgreSQL agree on every entry.
// Usage: dotnet run -c Release --project benchmarks/CompetitionBenchmark [-- entries seconds readsPerSecond writesPerSecond]
var entries = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var seconds = args.Length > 1 ? int.Parse(args[1]) : 30;
var readRate = args.Length > 2 ? int.Parse(args[2]) : 2_000;
var writeRate = args.Length > 3 ? int.Parse(args[3]) : 500;
var duration = TimeSpan.FromSeconds(seconds);
const string AdminName = "compbench_admin";
const string Password = "benchmark passphrase 1";

var dataDirectory = RepositoryPaths.NewDataDirectory("compbench");
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory, $"--Services:identity:Identity:InitialAdmin={AdminName}");
using var gateway = BenchmarkPlatform.LoadClient(app.GetEndpoint("gateway", "http"));
using var direct = BenchmarkPlatform.LoadClient(app.GetEndpoint("competition", "http"));

(await gateway.PostAsJsonAsync("/api/auth/register", new { username = AdminName, email = $"{AdminName}@example.com", password = Password })).EnsureSuccessStatusCode();
var login = await (await gateway.PostAsJsonAsync("/api/auth/login", new { login = AdminName, password = Password })).Content.ReadFromJsonAsync<JsonElement>();
var admin = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
using var created = await Send(gateway, HttpMethod.Post, "/api/leaderboards", new { name = "Benchmark board", period = "all_time", scoreMode = "best" });
var boardId = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

var postgres = $"Host=127.0.0.1;Port={app.GetEndpoint("postgres", "tcp").Port};Username=postgres;Database=competitiondb;"
    + $"Password={File.ReadAllText(Path.Combine(dataDirectory, "postgres-password.secret")).Trim()}";
var redisAddress = app.GetEndpoint("redis", "tcp");
await using var redisConnection = await ConnectionMultiplexer.ConnectAsync($"{redisAddress.Host}:{redisAddress.Port}");
var redis = redisConnection.GetDatabase();
var seeder = new BoardSeeder(postgres, boardId);
Console.WriteLine($"Seeding {entries:N0} entries…");
var seeding = await seeder.SeedAsync(entries, seed: 42);

// Rebuild: the board's keys are gone (as after a flush); the next read makes Competition rebuild them from PostgreSQL.
await redis.KeyDeleteAsync([seeder.SetKey, seeder.ReadyKey]);
var rebuildClock = Stopwatch.StartNew();
(await gateway.GetAsync($"/api/leaderboards/{boardId}/entries?limit=1")).EnsureSuccessStatusCode();
var rebuild = rebuildClock.Elapsed;

// The admin takes a place in the middle of the board, so around=me reads a full window.
var middle = (await gateway.GetFromJsonAsync<JsonElement>($"/api/leaderboards/{boardId}/entries?around={BoardSeeder.Username(entries / 2)}&limit=1"))
    .GetProperty("items")[0].GetProperty("score").GetInt64();
while ((await Send(gateway, HttpMethod.Post, $"/api/leaderboards/{boardId}/scores",
           new { username = AdminName, score = middle, submissionId = "admin-middle" })).StatusCode == HttpStatusCode.NotFound)
{
    await Task.Delay(200);
}

// A few seconds of the same traffic first, not counted: JIT, connection pools and caches warm up as in a running service.
var warmUp = TimeSpan.FromSeconds(Math.Max(2, seconds / 5));
Console.WriteLine($"Warming up for {warmUp.TotalSeconds:0} s…");
await Task.WhenAll(
    new RateLoad("warm-up reads", readRate, async n => await ReadAsync(n % 2 == 0 ? gateway : direct, $"/api/leaderboards/{boardId}/entries?limit=100"))
        .RunAsync(warmUp),
    new RateLoad("warm-up writes", writeRate, async n =>
    {
        using var response = await Send(gateway, HttpMethod.Post, $"/api/leaderboards/{boardId}/scores",
            new { username = BoardSeeder.Username(Random.Shared.Next(entries)), score = 0, submissionId = $"warm-{n}" });
        return response.IsSuccessStatusCode;
    }).RunAsync(warmUp));

Console.WriteLine($"Measuring: {readRate} reads/s for {seconds} s (bare Redis, straight to Competition, through the gateway with {writeRate} writes/s)…");
var bareTop = await new RateLoad("bare Redis ZREVRANGE 0 99", readRate, async _ =>
    (await redis.SortedSetRangeByRankWithScoresAsync(seeder.SetKey, 0, 99, Order.Descending)).Length == 100).RunAsync(duration);
var directTop = await new RateLoad("top-100, straight to Competition", readRate, async _ => await ReadAsync(direct, $"/api/leaderboards/{boardId}/entries?limit=100"))
    .RunAsync(duration);

var writeLoad = new RateLoad("submissions during reads", writeRate, async n =>
{
    using var response = await Send(gateway, HttpMethod.Post, $"/api/leaderboards/{boardId}/scores",
        new { username = BoardSeeder.Username(Random.Shared.Next(entries)), score = Random.Shared.Next(entries / 10 + 1_000), submissionId = $"mixed-{n}" });
    return response.IsSuccessStatusCode;
}).RunAsync(duration);
var topLoad = new RateLoad("top-100 via gateway", readRate / 2, async _ => await ReadAsync(gateway, $"/api/leaderboards/{boardId}/entries?limit=100"))
    .RunAsync(duration);
var aroundLoad = new RateLoad("around-me via gateway", readRate - readRate / 2, async _ =>
    await ReadAsync(gateway, $"/api/leaderboards/{boardId}/entries?around=me&limit=10", admin)).RunAsync(duration);
var (mixedWrites, gatewayTop, gatewayAround) = (await writeLoad, await topLoad, await aroundLoad);

Console.WriteLine("Measuring submission throughput: 64 writers, closed loop…");
var submissions = await ClosedLoop.RunAsync("submissions, 64 writers", 64, duration, n => Send(gateway, HttpMethod.Post, $"/api/leaderboards/{boardId}/scores",
    new { username = BoardSeeder.Username(n % entries), score = n % (entries / 10 + 1_000), submissionId = $"closed-{n}" }));

Console.WriteLine("Comparing Redis with PostgreSQL…");
await Task.Delay(TimeSpan.FromSeconds(1));
var (rows, members, mismatches) = await seeder.CompareAsync(redis);

Console.WriteLine();
Console.WriteLine($"AeThex LIVE competition benchmark — 1 board of {entries:N0} entries, {seconds} s per phase, {Environment.ProcessorCount} cores");
Console.WriteLine($"seeding by COPY: {seeding.TotalSeconds:0.0} s; rebuild of Redis from PostgreSQL (first read after the keys were deleted): {rebuild.TotalSeconds:0.00} s");
Console.WriteLine();
Console.WriteLine("  " + Percentiles.Header(44) + "      rate  failed");
foreach (var run in new[] { gatewayTop, gatewayAround, mixedWrites, directTop, bareTop, submissions })
{
    Console.WriteLine("  " + Percentiles.Row($"{run.Name} (ms)", run.LatenciesMs, 44) + $" {run.PerSecond,8:0}/s {run.Failed,7}"
        + (run.FirstFailure is null ? "" : $"  ({run.FirstFailure})"));
}
Console.WriteLine();
var readP99 = Math.Max(Percentiles.Of(gatewayTop.LatenciesMs, 0.99), Percentiles.Of(gatewayAround.LatenciesMs, 0.99));
var readRateMet = gatewayTop.PerSecond + gatewayAround.PerSecond;
var writeP99 = Percentiles.Of(submissions.LatenciesMs, 0.99);
Console.WriteLine($"reads via gateway {readRateMet:0}/s with {mixedWrites.PerSecond:0} writes/s: p99 {readP99:0.0} ms (target ≤ 5 at ≥ 2,000 reads/s and 500 writes/s: {Verdict(readP99 <= 5 && readRateMet >= 2_000 * 0.98 && mixedWrites.PerSecond >= 490)})");
Console.WriteLine($"  baselines: straight to Competition p99 {Percentiles.Of(directTop.LatenciesMs, 0.99):0.0} ms, bare Redis p99 {Percentiles.Of(bareTop.LatenciesMs, 0.99):0.0} ms");
Console.WriteLine($"submissions {submissions.PerSecond:0}/s, p99 {writeP99:0.0} ms (target ≥ 2,000/s and ≤ 30 ms: {Verdict(submissions.PerSecond >= 2_000 && writeP99 <= 30)})");
Console.WriteLine($"rebuild {rebuild.TotalSeconds:0.00} s (target ≤ 15 s: {Verdict(rebuild.TotalSeconds <= 15)})");
Console.WriteLine($"Redis and PostgreSQL: {rows:N0} rows, {members:N0} members, {mismatches} differ ({Verdict(rows == members && mismatches == 0)})");

await app.StopAsync();
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return rows == members && mismatches == 0 ? 0 : 1;

static string Verdict(bool met) => met ? "met" : "NOT met";

async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body)
{
    using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
    request.Headers.Authorization = admin;
    return await client.SendAsync(request);
}

static async Task<bool> ReadAsync(HttpClient client, string path, AuthenticationHeaderValue? token = null)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Authorization = token;
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    return response.IsSuccessStatusCode;
}
