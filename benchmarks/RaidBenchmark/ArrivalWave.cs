using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AeThexLive.Benchmarks.Chat;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.Benchmarks.Raid;

/// <summary>Where a wave arrives: the HTTP origin of the reads and the playlist, the hub, the channel, and who chats.</summary>
/// <param name="OwnerToken">The channel owner's access token for the chat sender; null for the bare hub, which checks nobody.</param>
public sealed record RaidTarget(string Name, Uri Http, Uri Hub, string Slug, string? OwnerToken);

/// <summary>What one wave measured; times in milliseconds from each viewer's arrival.</summary>
public sealed record WaveResult(string Name, int Viewers, IReadOnlyList<double> ToWatching, IReadOnlyList<double> ToFirstMessage,
    IReadOnlyDictionary<string, int> Errors, int MessagesSent, CpuWindow Cpu)
{
    public int ErrorCount => Errors.Values.Sum();
}

/// <summary>
/// N viewers arriving spread evenly over a few seconds, each doing what the web app's watch page does
/// on arrival (web/src/pages/Channel.tsx, components/Player.tsx, components/ChatPanel.tsx): read the
/// channel; then at once the stream read and the viewer heartbeat, the player's playlist and one
/// segment, and the chat (negotiate, WebSocket, JoinStream, then the last 50 messages); while the
/// channel's owner chats at a fixed rate. Each viewer is timed from its arrival to watching (its
/// segment fully received) and to the first chat message it receives. A failed step counts as an
/// error of its kind and ends what depends on it, as a browser would show an error.
/// </summary>
public sealed class ArrivalWave(HttpClient http, RaidTarget target, int messagesPerSecond)
{
    private const string MessagePrefix = "raid ";
    private static readonly TimeSpan FirstMessageWait = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, int> _errors = new();
    private readonly ConcurrentQueue<LeanViewer> _joined = new();

    /// <param name="sampleCpu">Starts counting the CPU of the parts under test when the wave begins.</param>
    public async Task<WaveResult> RunAsync(int viewers, TimeSpan spread, Func<ProcessCpu> sampleCpu)
    {
        Console.WriteLine($"[{target.Name}] {viewers} viewers arriving over {spread.TotalSeconds:0} s…");
        _errors.Clear();
        var watching = new long[viewers];
        var firstMessage = new long[viewers];
        var arrived = new long[viewers];
        await using var sender = await ConnectSenderAsync();
        using var stopChat = new CancellationTokenSource();
        var chatting = ChatAsync(sender, stopChat.Token);
        var pinging = PingAsync(stopChat.Token);
        // The chat is under way before the first viewer arrives, as in a raided channel.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var cpu = sampleCpu();
        var start = Stopwatch.GetTimestamp();
        var arrivals = new Task[viewers];
        for (var i = 0; i < viewers; i++)
        {
            var due = start + (long)(spread.TotalSeconds * Stopwatch.Frequency * i / viewers);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var viewer = i;
            arrived[viewer] = Stopwatch.GetTimestamp();
            arrivals[viewer] = Task.Run(() => ArriveAsync(viewer, watching, firstMessage));
        }
        await Task.WhenAll(arrivals);
        var window = await cpu.StopAsync();
        await stopChat.CancelAsync();
        var sent = await chatting;
        await pinging;

        Console.WriteLine($"[{target.Name}] closing {_joined.Count} chat connections…");
        await LeaveAsync();
        return new WaveResult(target.Name, viewers, Since(arrived, watching), Since(arrived, firstMessage),
            new Dictionary<string, int>(_errors), sent, window);
    }

    private static List<double> Since(long[] arrived, long[] reached) =>
        [.. arrived.Zip(reached).Where(p => p.Second != 0).Select(p => Stopwatch.GetElapsedTime(p.First, p.Second).TotalMilliseconds)];

    private async Task ArriveAsync(int viewer, long[] watching, long[] firstMessage)
    {
        JsonElement channel;
        try
        {
            channel = await GetJsonAsync($"/api/channels/{target.Slug}");
        }
        catch (Exception ex)
        {
            Count("channel read", ex);
            return;
        }
        if (channel.TryGetProperty("liveStream", out var live) is false || live.ValueKind != JsonValueKind.Object)
        {
            Count("channel read", "answered not live");
            return;
        }
        var streamId = live.GetProperty("id").GetGuid();
        var hlsUrl = live.GetProperty("hlsUrl").GetString()!;
        await Task.WhenAll(
            Step("stream read", () => GetAsync($"/api/streams/{streamId}")),
            Step("heartbeat", () => HeartbeatAsync(streamId)),
            Step("playlist/segment", async () =>
            {
                await WatchAsync(hlsUrl);
                watching[viewer] = Stopwatch.GetTimestamp();
            }),
            Step("chat", () => JoinChatAsync(streamId, viewer, firstMessage)));
    }

    private async Task Step(string kind, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex)
        {
            Count(kind, ex);
        }
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(target.Http, path));
        EnsureSuccess(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(target.Http, path), HttpCompletionOption.ResponseContentRead);
        EnsureSuccess(response);
    }

    private async Task HeartbeatAsync(Guid streamId)
    {
        using var response = await http.PostAsJsonAsync(new Uri(target.Http, $"/api/streams/{streamId}/viewers/heartbeat"),
            new { viewerId = Guid.NewGuid().ToString("N") });
        EnsureSuccess(response);
    }

    /// <summary>What hls.js does first: the playlist (through a master playlist to its first rendition when there is one), then the segment two from the live edge.</summary>
    private async Task WatchAsync(string hlsUrl)
    {
        var playlistUrl = new Uri(target.Http, hlsUrl);
        var playlist = await http.GetStringAsync(playlistUrl);
        if (playlist.Contains("#EXT-X-STREAM-INF", StringComparison.Ordinal))
        {
            playlistUrl = new Uri(playlistUrl, Uris(playlist)[0]);
            playlist = await http.GetStringAsync(playlistUrl);
        }
        var segments = Uris(playlist);
        if (segments.Count == 0) throw new InvalidDataException("the playlist lists no segment");
        using var segment = await http.GetAsync(new Uri(playlistUrl, segments[Math.Max(0, segments.Count - 2)]), HttpCompletionOption.ResponseContentRead);
        EnsureSuccess(segment);
    }

    private static List<string> Uris(string playlist) =>
        [.. playlist.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>The chat panel: connect and join as an anonymous reader, then load the recent messages.</summary>
    private async Task JoinChatAsync(Guid streamId, int viewer, long[] firstMessage)
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var room = await LeanViewer.JoinAsync(target.Hub, streamId, MessagePrefix, _ =>
        {
            if (Interlocked.CompareExchange(ref firstMessage[viewer], Stopwatch.GetTimestamp(), 0) == 0) received.TrySetResult();
        }, CancellationToken.None, negotiateWith: http);
        _joined.Enqueue(room);
        await GetAsync($"/api/streams/{streamId}/chat?limit=50");
        try
        {
            await received.Task.WaitAsync(FirstMessageWait);
        }
        catch (TimeoutException)
        {
            Count("first chat message", $"none within {FirstMessageWait.TotalSeconds:0} s");
        }
    }

    private async Task<HubConnection> ConnectSenderAsync()
    {
        var sender = new HubConnectionBuilder()
            .WithUrl(target.Hub, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (target.OwnerToken is { } token) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await sender.StartAsync();
        return sender;
    }

    /// <summary>The owner's chat at a fixed rate, not waiting for replies (a slow reply shows as latency, not as a slower rate).</summary>
    private async Task<int> ChatAsync(HubConnection sender, CancellationToken stop)
    {
        var streamId = (await GetJsonAsync($"/api/channels/{target.Slug}")).GetProperty("liveStream").GetProperty("id").GetGuid();
        var interval = Stopwatch.Frequency / (double)messagesPerSecond;
        var start = Stopwatch.GetTimestamp();
        var replies = new List<Task<SendReply>>();
        while (!stop.IsCancellationRequested)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(replies.Count * interval));
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            replies.Add(sender.InvokeAsync<SendReply>("SendMessage", streamId, $"{MessagePrefix}{replies.Count}", CancellationToken.None));
        }
        foreach (var reply in replies)
        {
            try
            {
                var answer = await reply;
                if (!answer.Ok) Count("owner's chat send", answer.Refusal?.Code ?? "refused");
            }
            catch (Exception ex)
            {
                Count("owner's chat send", ex);
            }
        }
        return replies.Count;
    }

    /// <summary>Keeps quiet viewers from being dropped as dead (hub servers expect a frame every 30 s).</summary>
    private async Task PingAsync(CancellationToken stop)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            while (await timer.WaitForNextTickAsync(stop))
            {
                await Task.WhenAll(_joined.Select(v => v.PingAsync(stop)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task LeaveAsync()
    {
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(_joined.Select(async viewer =>
        {
            await gate.WaitAsync();
            try
            {
                await viewer.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
        _joined.Clear();
    }

    private static void EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode}", null, response.StatusCode);
    }

    private void Count(string step, Exception ex) => Count(step, Describe(ex));

    private void Count(string step, string what) => _errors.AddOrUpdate($"{step}: {what}", 1, (_, n) => n + 1);

    /// <summary>A short kind: the status code, "timeout", or the exception's type and first words.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: HttpStatusCode status } => $"HTTP {(int)status}",
        TaskCanceledException or TimeoutException => "timeout",
        _ => $"{ex.GetType().Name}: {string.Join(' ', ex.GetBaseException().Message.Split(' ').Take(8))}",
    };
}
