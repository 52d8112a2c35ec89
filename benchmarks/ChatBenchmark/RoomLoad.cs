using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace AeThexLive.Benchmarks.Chat;

/// <summary>What one run measured.</summary>
/// <param name="Expected">Messages sent × viewers.</param>
/// <param name="LastRecipientMs">Per message: from the moment it was sent to the moment the last viewer had it.</param>
/// <param name="ThroughputPerSecond">Deliveries per second, from the first send to the last delivery.</param>
/// <param name="WorstPerSecond">The slowest send→last-recipient time of each second of sending: shows whether delays are steady or bursts.</param>
public sealed record LoadResult(string Name, int Viewers, int Messages, long Expected, long Delivered, IReadOnlyList<double> LastRecipientMs,
    IReadOnlyList<double> FirstRecipientMs, double ThroughputPerSecond, int SendFailures, string? FirstFailure, IReadOnlyList<double> WorstPerSecond);

/// <summary>
/// One room under load: <c>viewers</c> WebSocket connections (<see cref="LeanViewer"/>) join a stream's room, one sender
/// posts <c>rate</c> messages a second, each stamped with its sequence number, and every
/// viewer notes when each message reaches it. Everything runs in this process against one
/// clock, so send→receive times need no clock sync.
/// </summary>
public sealed class RoomLoad(Uri hubUrl, Guid streamId, string? senderToken)
{
    private const string WarmUpPrefix = "warm ";
    private const string LoadPrefix = "load ";
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    private long[] _first = [];
    private long[] _last = [];
    private long _delivered;

    /// <summary>
    /// How long the same load runs first, not counted, unless a run says otherwise. The send path runs only as often
    /// as messages are sent (20 a second), so its code needs this long to pass the JIT's tiers; after 10 s it was
    /// still being recompiled through the counted phase.
    /// </summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(40);

    /// <param name="warmUp">How long the same load runs first, not counted (<see cref="DefaultWarmUp"/> unless given).</param>
    /// <param name="measuring">Called as the counted sends begin: another benchmark starts there the load it measures chat beside.</param>
    public async Task<LoadResult> RunAsync(string name, int viewers, int rate, TimeSpan duration, Action? measuring = null, TimeSpan? warmUp = null)
    {
        var warmUpMessages = (int)(rate * (warmUp ?? DefaultWarmUp).TotalSeconds);
        var messages = (int)(rate * duration.TotalSeconds);
        _first = Enumerable.Repeat(long.MaxValue, messages).ToArray();
        _last = new long[messages];
        _delivered = 0;

        Console.WriteLine($"[{name}] connecting {viewers} viewers to {hubUrl}…");
        var room = await ConnectViewersAsync(viewers);
        using var stopPinging = new CancellationTokenSource();
        var pinging = PingAsync(room, stopPinging.Token);
        await using var sender = new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (senderToken is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(senderToken);
            })
            .Build();
        await sender.StartAsync();
        try
        {
            // The same load, not counted: the JIT's second tier, connection pools and the database
            // settle on both paths, so the figures are the steady state.
            Console.WriteLine($"[{name}] warming up ({warmUpMessages} messages)…");
            var (warmFailures, warmError) = await SendPacedAsync(sender, WarmUpPrefix, warmUpMessages, rate, new long[warmUpMessages]);
            if (warmFailures > 0) throw new InvalidOperationException($"[{name}] the warm-up sends failed: {warmError}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            measuring?.Invoke();

            Console.WriteLine($"[{name}] {messages} messages at {rate}/s to {viewers} viewers…");
            var sentAt = new long[messages];
            var (failures, firstFailure) = await SendPacedAsync(sender, LoadPrefix, messages, rate, sentAt);
            var expected = (long)(messages - failures) * viewers;
            var drainUntil = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
            while (Interlocked.Read(ref _delivered) < expected && Stopwatch.GetTimestamp() < drainUntil) await Task.Delay(20);

            var lastRecipient = new List<double>(messages);
            var firstRecipient = new List<double>(messages);
            var worstPerSecond = new double[(messages + rate - 1) / rate];
            long lastDelivery = 0;
            for (var i = 0; i < messages; i++)
            {
                var last = Interlocked.Read(ref _last[i]);
                if (last == 0) continue;
                var latency = Stopwatch.GetElapsedTime(sentAt[i], last).TotalMilliseconds;
                lastRecipient.Add(latency);
                worstPerSecond[i / rate] = Math.Max(worstPerSecond[i / rate], latency);
                firstRecipient.Add(Stopwatch.GetElapsedTime(sentAt[i], Interlocked.Read(ref _first[i])).TotalMilliseconds);
                lastDelivery = Math.Max(lastDelivery, last);
            }
            var delivered = Interlocked.Read(ref _delivered);
            var seconds = lastDelivery == 0 ? double.NaN : Stopwatch.GetElapsedTime(sentAt[0], lastDelivery).TotalSeconds;
            return new LoadResult(name, viewers, messages, (long)messages * viewers, delivered, lastRecipient, firstRecipient,
                delivered / seconds, failures, firstFailure, worstPerSecond);
        }
        finally
        {
            await stopPinging.CancelAsync();
            await pinging;
            await Task.WhenAll(room.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private async Task<List<LeanViewer>> ConnectViewersAsync(int viewers)
    {
        var connections = new LeanViewer[viewers];
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, viewers).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                connections[i] = await LeanViewer.JoinAsync(hubUrl, streamId, LoadPrefix, Record, CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. connections];
    }

    /// <summary>Keeps quiet viewers from being dropped as dead (hub servers expect a frame every 30 s).</summary>
    private static async Task PingAsync(List<LeanViewer> room, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await Task.WhenAll(room.Select(v => v.PingAsync(cancellationToken)));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Record(int sequence)
    {
        var now = Stopwatch.GetTimestamp();
        if (sequence >= _last.Length) return;
        Interlocked.Increment(ref _delivered);
        long seen;
        while (now > (seen = Interlocked.Read(ref _last[sequence])) && Interlocked.CompareExchange(ref _last[sequence], now, seen) != seen) { }
        while (now < (seen = Interlocked.Read(ref _first[sequence])) && Interlocked.CompareExchange(ref _first[sequence], now, seen) != seen) { }
    }

    /// <summary>
    /// Sends on a fixed schedule without waiting for replies, as a chatty user's client does:
    /// a slow reply never delays the next message, so back-pressure shows up as latency.
    /// </summary>
    private async Task<(int Failures, string? FirstFailure)> SendPacedAsync(HubConnection sender, string prefix, int count, int rate, long[] sentAt)
    {
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        var replies = new Task<SendReply>[count];
        for (var i = 0; i < count; i++)
        {
            // Each message is timed from when it actually leaves, so the timer's millisecond of
            // slack costs no accuracy; spinning to the exact tick would burn a core the system
            // under test shares. Due times are fixed, so the rate holds on average.
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (long)(i * interval));
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            sentAt[i] = Stopwatch.GetTimestamp();
            replies[i] = sender.InvokeAsync<SendReply>("SendMessage", streamId, $"{prefix}{i}");
        }
        try
        {
            await Task.WhenAll(replies);
        }
        catch (Exception)
        {
            // Counted below, one by one.
        }
        var failed = replies.Where(r => r.IsFaulted || !r.Result.Ok).ToList();
        var first = failed.FirstOrDefault();
        return (failed.Count, first is null ? null : first.IsFaulted ? first.Exception?.GetBaseException().Message : first.Result.Refusal?.Reason);
    }
}
