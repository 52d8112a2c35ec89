using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using AeThexLive.Benchmarks;
using AeThexLive.Benchmarks.Payments;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.SignalR.Client;

// Donations against the whole platform: C clients start donations back to back for S seconds through the gateway
// (JWT, YARP, Payments' checks, a PostgreSQL row, a PaymentIntent at the Stripe sandbox), then the same load straight
// to Payments, in two alternating rounds (the platform settled and both paths warmed first), with the CPU a
// donation costs each part on each path; then, after three payments that warm the payment path (shown apart), A donations
// are paid one after another and the time from the sandbox's answer to the browser (the moment Stripe emits
// payment_intent.succeeded) to the alert in the live room is measured, split at the moment Payments answered the webhook.
// Back to back, C clients keep the machine saturated, so their latency is mostly queueing (Little's law: C ÷ rate);
// the latency target is also read at a fixed pace: the same clients starting P donations a second in all, each
// timed from when it was due.
// Usage: dotnet run -c Release --project benchmarks/PaymentsBenchmark [-- clients seconds alerts pacedRate]
var clients = args.Length > 0 ? int.Parse(args[0]) : 32;
var seconds = args.Length > 1 ? int.Parse(args[1]) : 30;
var alertCount = args.Length > 2 ? int.Parse(args[2]) : 50;
var pacedRate = args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200;
// 10 s of warm-up left Payments' own handlers at their first (quick) JIT tier a few seconds into the measure, the
// tier-1 compiler starved by the load (a perf profile showed 13 % of Payments' samples in the JIT): 20 s on each path.
var warmUp = TimeSpan.FromSeconds(Math.Min(20, Math.Max(1, seconds * 2 / 3)));

var dataDirectory = RepositoryPaths.NewDataDirectory("paybench");
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory);

using var gateway = app.CreateHttpClient("gateway", "http");
await BenchmarkPlatform.SignInNewUserAsync(gateway, "paybench");
var slug = $"pay-{Guid.NewGuid():N}"[..18];
(await gateway.PostAsJsonAsync("/api/channels", new { name = "Payments benchmark", slug })).EnsureSuccessStatusCode();
if (!await Eventually.HoldsAsync(async () => (await gateway.GetAsync($"/api/channels/{slug}/revenue")).IsSuccessStatusCode, TimeSpan.FromSeconds(30)))
{
    throw new TimeoutException("Payments never heard of the channel.");
}
var config = await gateway.GetFromJsonAsync<JsonElement>("/api/payments/config");
var sandboxUrl = config.GetProperty("sandboxUrl").GetString()!;
var publishableKey = config.GetProperty("publishableKey").GetString()!;
using var sandbox = new HttpClient { BaseAddress = new Uri(sandboxUrl) };

Console.WriteLine($"Signing in {clients} donors…");
var tokens = new List<string>();
for (var i = 0; i < clients; i++)
{
    using var signIn = app.CreateHttpClient("gateway", "http");
    tokens.Add(await BenchmarkPlatform.SignInNewUserAsync(signIn, "donor"));
}
List<HttpClient> ClientsOf(string resource) => tokens.Select(token =>
{
    var client = app.CreateHttpClient(resource, "http");
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}).ToList();

// Stripe sends an endpoint only the event types it subscribed to; the sandbox sends every type, so while nobody pays,
// the thousands of payment_intent.created events it would post are dropped rather than measured as load.
(await sandbox.PutAsJsonAsync("/_sandbox/webhooks/mode", new { drop = true })).EnsureSuccessStatusCode();
// A platform that has just reported healthy is busy for a while yet, and a donation's first calls through
// either path are also the first of Payments and the sandbox (their tier-1 compilations): the platform
// settles, then both paths are warmed, before either is measured, so neither pays for the other's start.
var (settling, settled, _) = await BenchmarkPlatform.SettleAsync(app, dataDirectory);
Console.WriteLine($"{(settled ? "Settled" : "Still busy")} {settling.TotalSeconds:0} s after signing in; warming both paths up {warmUp.TotalSeconds:0} s each…");
var (gatewayClients, directClients) = (ClientsOf("gateway"), ClientsOf("payments"));
await DonationLoad.RunAsync("warm-up", gatewayClients, slug, warmUp, TimeSpan.Zero);
await DonationLoad.RunAsync("warm-up", directClients, slug, warmUp, TimeSpan.Zero);
// Two rounds of each, alternating, so a drift of the machine's speed or of the tables' size over the minute
// weighs on both paths alike.
var rounds = new List<(LoadResult Load, CpuWindow Cpu)>[] { [], [] };
for (var round = 0; round < 2; round++)
{
    rounds[0].Add(await MeasureAsync("gateway", gatewayClients));
    rounds[1].Add(await MeasureAsync("direct", directClients));
}
var ((viaGateway, gatewayCpu), (direct, directCpu)) = (Combined(rounds[0]), Combined(rounds[1]));
// The saturated rounds leave work behind (autovacuum of the tables they grew, the services' queued background work):
// the platform settles again, so the paced measure reads a steady 200/s rather than the end of an overload, and it
// too alternates the two paths in two rounds.
var (resettling, resettled, _) = await BenchmarkPlatform.SettleAsync(app, dataDirectory);
Console.WriteLine($"{(resettled ? "Settled" : "Still busy")} {resettling.TotalSeconds:0} s after the saturated rounds; "
    + $"measuring both paths paced at {pacedRate:0}/s in two alternating rounds of {seconds / 2.0:0.#} s…");
var pacedRounds = new List<LoadResult>[] { [], [] };
for (var round = 0; round < 2; round++)
{
    pacedRounds[0].Add(await DonationLoad.RunPacedAsync("gateway", gatewayClients, slug, TimeSpan.FromSeconds(seconds / 2.0), pacedRate));
    pacedRounds[1].Add(await DonationLoad.RunPacedAsync("direct", directClients, slug, TimeSpan.FromSeconds(seconds / 2.0), pacedRate));
}
var (pacedGateway, pacedDirect) = (CombinedLoads(pacedRounds[0]), CombinedLoads(pacedRounds[1]));
(await sandbox.PutAsJsonAsync("/_sandbox/webhooks/mode", new { })).EnsureSuccessStatusCode();

// Webhook → alert: a live room and one viewer in it.
var key = (await gateway.GetFromJsonAsync<JsonElement>($"/api/channels/{slug}/stream-key")).GetProperty("streamKey").GetString()!;
await using var publisher = BenchmarkChannels.Publish(app, key);
var streamId = (await BenchmarkChannels.WaitLiveAsync(gateway, slug)).GetProperty("id").GetGuid();
await BenchmarkChannels.WaitChatOpenAsync(gateway, streamId);
var alerts = Channel.CreateUnbounded<(long Amount, long At)>();
await using var room = new HubConnectionBuilder().WithUrl(new Uri(app.GetEndpoint("gateway", "http"), "/hubs/chat")).Build();
room.On<JsonElement>("Alert", a => alerts.Writer.TryWrite((a.GetProperty("amountCents").GetInt64(), Stopwatch.GetTimestamp())));
await room.StartAsync();
await room.InvokeAsync("JoinStream", streamId);

using var donor = ClientsOf("gateway")[0];

// Pays one donation and waits for its alert in the room: the latency from the sandbox's answer to the
// confirm (the moment Stripe emits payment_intent.succeeded), and that moment's wall-clock time.
async Task<(double? Latency, DateTimeOffset PaidAt)> PayAsync(long amount)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/{slug}/donations")
    {
        Content = JsonContent.Create(new { amountCents = amount, currency = "usd" }),
    };
    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
    var started = await (await donor.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    using var confirm = new HttpRequestMessage(HttpMethod.Post, $"/v1/payment_intents/{started.GetProperty("paymentIntentId").GetString()}/confirm")
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", publishableKey) },
        Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["payment_method"] = "pm_card_visa",
            ["client_secret"] = started.GetProperty("clientSecret").GetString()!,
        }),
    };
    (await sandbox.SendAsync(confirm)).EnsureSuccessStatusCode();
    var paidAt = Stopwatch.GetTimestamp();
    var paidWall = DateTimeOffset.UtcNow;
    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
    try
    {
        while (true)
        {
            var (alertAmount, at) = await alerts.Reader.ReadAsync(wait.Token);
            if (alertAmount == amount) return (Stopwatch.GetElapsedTime(paidAt, at).TotalMilliseconds, paidWall);
        }
    }
    catch (OperationCanceledException)
    {
        return (null, paidWall);
    }
}

// No donation was paid during the load (its webhooks were dropped), so the first payments after it run
// Payments' webhook booking, the relay of DonationCompleted, Chat's alert consumer and the hub's alert for
// the first time since start-up: their first calls pay the JIT (0.7 s in the webhook and 0.85 s after it in
// one run). They are paid and shown apart, as the donation paths are warmed before their measure.
const int ColdPayments = 3;
var cold = new List<string>();
for (var i = 0; i < ColdPayments; i++)
{
    var (latency, _) = await PayAsync(9_000 + i);
    cold.Add(latency is { } ms ? $"{ms:0} ms" : "missed");
}
var paid = new List<(double? Latency, DateTimeOffset PaidAt)>();
for (var i = 0; i < alertCount; i++) paid.Add(await PayAsync(10_000 + i));
var alertLatencies = paid.Where(p => p.Latency is not null).Select(p => p.Latency!.Value).ToList();
var missed = paid.Count(p => p.Latency is null);

// Where an alert's time goes: the sandbox's webhook delivery of each donation's payment_intent.succeeded
// (the donations were paid one after another, so its deliveries come in the same order) splits it into
// confirm → Payments answered the webhook, and the rest (outbox, RabbitMQ, Chat, the hub, the viewer).
var deliveries = (await sandbox.GetFromJsonAsync<JsonElement>($"/_sandbox/deliveries?type=payment_intent.succeeded&limit={alertCount}"))
    .GetProperty("data").EnumerateArray().ToList();
List<double> toWebhookAnswered = [], webhookToAlert = [];
var slowest = new List<(double Total, double Queued, double Answering, double After)>();
var retried = new List<string>();
if (deliveries.Count == alertCount)
{
    for (var i = 0; i < alertCount; i++)
    {
        var delivery = deliveries[i];
        if (delivery.GetProperty("attempts").GetInt32() > 1)
        {
            retried.Add($"#{i}: " + string.Join(", ", delivery.GetProperty("history").EnumerateArray()
                .Select(a => $"{(a.GetProperty("statusCode").ValueKind == JsonValueKind.Number ? a.GetProperty("statusCode").GetInt32().ToString() : a.GetProperty("error").GetString())} in {a.GetProperty("ms").GetDouble():0} ms")));
        }
        if (paid[i].Latency is not { } latency || delivery.GetProperty("deliveredAt").ValueKind != JsonValueKind.String) continue;
        var answered = (delivery.GetProperty("deliveredAt").GetDateTimeOffset() - paid[i].PaidAt).TotalMilliseconds;
        toWebhookAnswered.Add(answered);
        webhookToAlert.Add(latency - answered);
        // An attempt is recorded when it ends: its time less its duration is when the sandbox sent it (at once, give
        // or take the few milliseconds by which the sandbox's and this process's readings of the clock differ).
        var took = delivery.GetProperty("history").EnumerateArray().Last().GetProperty("ms").GetDouble();
        slowest.Add((latency, Math.Max(0, answered - took), took, latency - answered));
    }
}

async Task<(LoadResult Load, CpuWindow Cpu)> MeasureAsync(string name, IReadOnlyList<HttpClient> clients)
{
    Console.WriteLine($"Measuring {name} {seconds / 2.0:0.#} s…");
    var cpu = BenchmarkPlatform.SampleCpu(app, dataDirectory);
    var load = await DonationLoad.RunAsync(name, clients, slug, TimeSpan.FromSeconds(seconds / 2.0), TimeSpan.Zero);
    return (load, await cpu.StopAsync());
}

static LoadResult CombinedLoads(List<LoadResult> rounds) =>
    new(rounds[0].Name, rounds.Sum(r => r.Completed), rounds.Sum(r => r.Errors), rounds.Sum(r => r.Seconds), [.. rounds.SelectMany(r => r.LatenciesMs)]);

static (LoadResult Load, CpuWindow Cpu) Combined(List<(LoadResult Load, CpuWindow Cpu)> rounds) =>
    (CombinedLoads([.. rounds.Select(r => r.Load)]),
        new CpuWindow(rounds.SelectMany(r => r.Cpu.CpuSeconds).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)),
            rounds.Sum(r => r.Cpu.Seconds), rounds.Sum(r => r.Cpu.MachineBusy * r.Cpu.Seconds) / rounds.Sum(r => r.Cpu.Seconds)));

static string Verdict(bool met) => met ? "met" : "NOT met";
static double PerDonation(CpuWindow cpu, LoadResult load, string part) => cpu.CpuSeconds.GetValueOrDefault(part) * 1e6 / Math.Max(1, load.Completed);
var ratio = viaGateway.Rate / direct.Rate;
Console.WriteLine();
Console.WriteLine($"AeThex LIVE payments benchmark — {clients} clients for {seconds} s each way in two alternating rounds (after {warmUp.TotalSeconds:0} s of warm-up on each), "
    + $"{alertCount} paid donations, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine($"{"donation creation",-24} {"rate/s",9} {"p50 ms",9} {"p99 ms",9} {"errors",7}");
foreach (var run in new[] { viaGateway, direct })
{
    var label = run.Name == "gateway" ? "through the gateway" : "straight to Payments";
    Console.WriteLine($"{label,-24} {run.Rate,9:0.0} {run.P50,9:0.0} {run.P99,9:0.0} {run.Errors,7}");
}
Console.WriteLine($"gateway / direct rate: {ratio:0.00}×");
Console.WriteLine($"{$"paced at {pacedRate:0}/s",-24} {"rate/s",9} {"p50 ms",9} {"p99 ms",9} {"errors",7}");
foreach (var run in new[] { pacedGateway, pacedDirect })
{
    var label = run.Name == "gateway" ? "through the gateway" : "straight to Payments";
    Console.WriteLine($"{label,-24} {run.Rate,9:0.0} {run.P50,9:0.0} {run.P99,9:0.0} {run.Errors,7}");
}
// Each paced round apart, in the order they ran, with its donations over 100 ms (or failed) by the second they were due in.
for (var round = 0; round < 2; round++)
{
    foreach (var run in new[] { pacedRounds[0][round], pacedRounds[1][round] })
    {
        var slowSeconds = run.SlowBySecond.Count == 0 ? "none" : string.Join(" ", run.SlowBySecond.Select(s => $"{s.Key}s:{s.Value}"));
        Console.WriteLine($"  round {round + 1} {run.Name,-8} from {run.StartedAt:HH:mm:ss} UTC: p50 {run.P50,6:0.0} p99 {run.P99,6:0.0} ms; "
            + $"over 100 ms by second due: {slowSeconds}");
    }
}
Console.WriteLine();
// What a donation costs each part, read from /proc over each measure: where the gateway's path spends more.
var parts = gatewayCpu.CpuSeconds.Keys.Union(directCpu.CpuSeconds.Keys)
    .Select(part => (Part: part, Gateway: PerDonation(gatewayCpu, viaGateway, part), Direct: PerDonation(directCpu, direct, part)))
    .OrderByDescending(p => p.Gateway).ToList();
Console.WriteLine($"{"CPU per donation (µs)",-24} {"gateway",9} {"direct",9}");
// Parts under 5 µs on both paths (shells, helpers) are left out of the rows, not out of the sum.
foreach (var (part, viaGatewayMicros, directMicros) in parts.Where(p => p.Gateway >= 5 || p.Direct >= 5))
{
    Console.WriteLine($"{part,-24} {viaGatewayMicros,9:0} {directMicros,9:0}");
}
Console.WriteLine($"{"all parts",-24} {parts.Sum(p => p.Gateway),9:0} {parts.Sum(p => p.Direct),9:0}");
Console.WriteLine($"{"machine busy",-24} {gatewayCpu.MachineBusy,9:P0} {directCpu.MachineBusy,9:P0}");
Console.WriteLine();
Console.WriteLine(Percentiles.Header(28));
Console.WriteLine($"first {ColdPayments} payments after the load (not measured): {string.Join(", ", cold)}");
Console.WriteLine(Percentiles.Row("webhook → chat alert (ms)", alertLatencies, 28));
if (toWebhookAnswered.Count > 0)
{
    Console.WriteLine(Percentiles.Row("  confirm → webhook answered", toWebhookAnswered, 28));
    Console.WriteLine(Percentiles.Row("  webhook answered → alert", webhookToAlert, 28));
    Console.WriteLine("  slowest three: " + string.Join("; ", slowest.OrderByDescending(a => a.Total).Take(3).Select(a =>
        $"{a.Total:0} ms = webhook sent after {a.Queued:0} + answered in {a.Answering:0} + alert {a.After:0} later")));
}
else Console.WriteLine($"  (the sandbox listed {deliveries.Count} payment_intent.succeeded deliveries for {alertCount} donations: no split)");
Console.WriteLine($"alerts missed: {missed}; webhook deliveries retried: {retried.Count}{(retried.Count > 0 ? " (" + string.Join("; ", retried) + ")" : "")}");
Console.WriteLine();
Console.WriteLine($"targets: ≥ 200/s {Verdict(viaGateway.Rate >= 200)}; p99 ≤ 100 ms at {pacedRate:0}/s {Verdict(pacedGateway.P99 <= 100 && pacedGateway.Rate >= 0.98 * pacedRate)} "
    + $"(back to back, saturated: {Verdict(viaGateway.P99 <= 100)}); "
    + $"0 errors {Verdict(viaGateway.Errors + pacedGateway.Errors == 0)}; ≥ 0.7× direct {Verdict(ratio >= 0.7)}; "
    + $"alert p50 ≤ 400 ms {Verdict(Percentiles.Of(alertLatencies, 0.5) <= 400)}; "
    + $"alert p99 ≤ 1 s {Verdict(Percentiles.Of(alertLatencies, 0.99) <= 1000)}");
return 0;
