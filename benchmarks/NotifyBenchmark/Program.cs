using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks;
using AeThexLive.Benchmarks.Chat;
using AeThexLive.Benchmarks.Notify;
using AeThexLive.TestSupport;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

// A channel with F followers goes live (real ffmpeg) while another channel's busy chat room runs:
// prints the time until every follower's in-app notification is written, the rate at which the
// go-live emails are handed to SMTP, and the chat room's send → last viewer times beside the fan-out against the
// same room's times without it, in the same run.
// Usage: dotnet run -c Release --project benchmarks/NotifyBenchmark [-- followers viewers chatSeconds mailSeconds emails mailServer]
// (emails: "on", the default, or "off": the followers have notification emails off, which separates the in-app
// fan-out's share of the cost from the mail path's; mailServer: "relay", the default, an SMTP sink standing in for
// the provider's relay on other machines, or "smtp4dev", the AppHost's development server on the same cores).
if (await SelfLaunch.WithInlineSocketCompletionsAsync(args) is { } exitCode) return exitCode;
var followers = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var viewers = args.Length > 1 ? int.Parse(args[1]) : 500;
var chatSeconds = args.Length > 2 ? int.Parse(args[2]) : 30;
var mailSeconds = args.Length > 3 ? int.Parse(args[3]) : 30;
var emails = args.Length <= 4 || args[4] != "off";
var relay = args.Length <= 5 || args[5] != "smtp4dev";
const int ChatRate = 20;
var target = TimeSpan.FromSeconds(30);

var dataDirectory = RepositoryPaths.NewDataDirectory("notifybench");
await using var sink = new SmtpSink();
string[] mailSettings = relay ? ["--Mail:Smtp:Host=127.0.0.1", $"--Mail:Smtp:Port={sink.Port}", "--Mail:Smtp:Security=None"] : [];
await using var app = await BenchmarkPlatform.StartAsync(dataDirectory,
    [$"--Services:chat:Chat:Limits:PrivilegedMessagesPerWindow={ChatRate * 60 + 1000}", .. mailSettings]);
string Database(string name) => $"Host=127.0.0.1;Port={app.GetEndpoint("postgres", "tcp").Port};Username=postgres;Database={name};"
    + $"Password={File.ReadAllText(Path.Combine(dataDirectory, "postgres-password.secret")).Trim()}";

// The chat room: another creator's live channel, as in the chat benchmark.
using var chatGateway = app.CreateHttpClient("gateway", "http");
var chatToken = await BenchmarkPlatform.SignInNewUserAsync(chatGateway, "chatroom");
var (chatSlug, chatKey, _) = await BenchmarkChannels.CreateAsync(chatGateway, "Chat room", "n");
await using var chatPublisher = BenchmarkChannels.Publish(app, chatKey);
var chatStream = (await BenchmarkChannels.WaitLiveAsync(chatGateway, chatSlug)).GetProperty("id").GetGuid();
await BenchmarkChannels.WaitChatOpenAsync(chatGateway, chatStream);

// The channel with the followers.
using var gateway = app.CreateHttpClient("gateway", "http");
await BenchmarkPlatform.SignInNewUserAsync(gateway, "popular");
var (slug, key, channelId) = await BenchmarkChannels.CreateAsync(gateway, "Popular channel", "n");
var seeder = new FollowerSeeder(Database("identitydb"), Database("streamingdb"));
Console.WriteLine($"Seeding {followers:N0} followers…");
var seeding = await seeder.SeedAsync(channelId, followers, emails);
Console.WriteLine($"Seeded in {seeding.TotalSeconds:0.0} s.");

var hub = new Uri(app.GetEndpoint("gateway", "http"), "/hubs/chat");
var alone = await new RoomLoad(hub, chatStream, chatToken).RunAsync("chat alone", viewers, ChatRate, TimeSpan.FromSeconds(chatSeconds));

// The same room again; as its counted messages start, the popular channel goes live.
Publisher? publisher = null;
var wentLive = Stopwatch.StartNew();
var beside = await new RoomLoad(hub, chatStream, chatToken).RunAsync("chat beside the fan-out", viewers, ChatRate,
    TimeSpan.FromSeconds(chatSeconds), measuring: () =>
    {
        publisher = BenchmarkChannels.Publish(app, key);
        wentLive.Restart();
    });
await using var popularPublisher = publisher ?? throw new InvalidOperationException("The fan-out never started.");
var fanout = await seeder.WaitFanoutAsync(channelId, followers, TimeSpan.FromMinutes(5));
var chatFinished = wentLive.Elapsed;

// Mail keeps going after the fan-out, queued a minute ahead of the sender's pace: measured over a window from here.
var mailStart = await seeder.MailSentAsync();
await Task.Delay(TimeSpan.FromSeconds(mailSeconds));
var mailEnd = await seeder.MailSentAsync();
var queued = await seeder.MailQueuedAsync();
var mailRate = (mailEnd - mailStart) / (double)mailSeconds;

Console.WriteLine();
Console.WriteLine($"AeThex LIVE go-live fan-out benchmark — {followers:N0} followers, {Environment.ProcessorCount} cores");
Console.WriteLine($"  in-app notifications written: {fanout.Notified:N0} of {followers:N0}, the last {fanout.Written.TotalSeconds:0.0} s after the broadcast started"
    + $" (target ≤ {target.TotalSeconds:0}: {Verdict(fanout.Notified == followers && fanout.Written <= target)})");
Console.WriteLine($"  go-live emails in Identity's outbox: {queued:N0} queued so far, {queued - mailEnd:N0} of them unsent"
    + $" (every seeded follower has the bell on; emails {(emails ? "on" : "off")}; the rest are queued as the outbox drains)");
Console.WriteLine($"  mail server: {(relay ? "an SMTP sink standing in for the provider's relay" : "smtp4dev, on the same cores")}");
Console.WriteLine($"  go-live emails handed to SMTP: {mailRate:0} per second over {mailSeconds} s ({mailEnd:N0} sent {chatFinished.TotalSeconds + mailSeconds:0} s after going live)");
Console.WriteLine();
Console.WriteLine($"chat room, {viewers} WebSocket viewers, 1 sender at {ChatRate} msg/s for {chatSeconds} s:");
Console.WriteLine("  " + Percentiles.Header(48));
foreach (var run in new[] { alone, beside })
{
    Console.WriteLine("  " + Percentiles.Row($"{run.Name}: send → last viewer (ms)", run.LastRecipientMs.ToList(), 48));
}
Console.WriteLine($"  delivered/expected: alone {alone.Delivered}/{alone.Expected}, beside the fan-out {beside.Delivered}/{beside.Expected}");
var p99Alone = Percentiles.Of(alone.LastRecipientMs.ToList(), 0.99);
var p99Beside = Percentiles.Of(beside.LastRecipientMs.ToList(), 0.99);
Console.WriteLine($"  p99 beside / alone = {p99Beside / p99Alone:0.00}");

await popularPublisher.StopAsync();
await chatPublisher.StopAsync();
await app.StopAsync();
try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
return fanout.Notified == followers && fanout.Written <= target && beside.Delivered == beside.Expected ? 0 : 1;

static string Verdict(bool met) => met ? "met" : "NOT met";
