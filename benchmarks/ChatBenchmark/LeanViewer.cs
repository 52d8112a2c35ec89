using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace AeThexLive.Benchmarks.Chat;

/// <summary>
/// A watching-only viewer that speaks SignalR's JSON hub protocol over a bare WebSocket, as a
/// browser's JavaScript client does: handshake, JoinStream, then read. It parses only what it
/// needs of each frame (the message's sequence number), so a thousand of them in one process
/// cost a fraction of a thousand full .NET hub clients and the figures are about the server.
/// </summary>
public sealed class LeanViewer : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private static readonly byte[] ReceivedTarget = "\"target\":\"MessageReceived\""u8.ToArray();
    private static readonly byte[] CompletionOfJoin = "\"type\":3,\"invocationId\":\"join\""u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _loadPrefix;
    private readonly Action<int> _onMessage;
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    private LeanViewer(string loadPrefix, Action<int> onMessage)
    {
        _loadPrefix = Encoding.UTF8.GetBytes($"\"message\":\"{loadPrefix}");
        _onMessage = onMessage;
    }

    /// <param name="hubUrl">The hub's http(s) address; the socket goes straight to it (no negotiate round trip).</param>
    /// <param name="onMessage">Called with the sequence number of each MessageReceived whose text starts with <paramref name="loadPrefix"/>.</param>
    public static async Task<LeanViewer> JoinAsync(Uri hubUrl, Guid streamId, string loadPrefix, Action<int> onMessage, CancellationToken cancellationToken)
    {
        var viewer = new LeanViewer(loadPrefix, onMessage);
        var socketUrl = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await viewer._socket.ConnectAsync(socketUrl, cancellationToken);
        await viewer.SendAsync(Handshake, cancellationToken);
        viewer._receiving = viewer.ReceiveAsync();
        await viewer.SendAsync(Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"invocationId\":\"join\",\"target\":\"JoinStream\",\"arguments\":[\"{streamId}\"]}}\u001e"), cancellationToken);
        await viewer._joined.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return viewer;
    }

    /// <summary>Hub servers drop a client that says nothing for 30 s; call this every ~15 s.</summary>
    public Task PingAsync(CancellationToken cancellationToken) => SendAsync(Ping, cancellationToken);

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken) =>
        await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        var pending = new ArrayBufferWriter<byte>();
        var handshakeDone = false;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                if (read.MessageType == WebSocketMessageType.Close) break;
                ReadOnlySpan<byte> data = buffer.AsSpan(0, read.Count);
                if (pending.WrittenCount > 0)
                {
                    pending.Write(data);
                    data = pending.WrittenSpan;
                }
                int end;
                while ((end = data.IndexOf(RecordSeparator)) >= 0)
                {
                    var record = data[..end];
                    if (!handshakeDone)
                    {
                        // The handshake answer is {} or {"error": "..."}.
                        if (record.Length > 2) _joined.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(record)));
                        handshakeDone = true;
                    }
                    else
                    {
                        Handle(record);
                    }
                    data = data[(end + 1)..];
                }
                var rest = data.ToArray();
                pending.Clear();
                pending.Write(rest);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (WebSocketException ex)
        {
            _joined.TrySetException(ex);
        }
    }

    private void Handle(ReadOnlySpan<byte> record)
    {
        if (record.IndexOf(ReceivedTarget) >= 0)
        {
            var at = record.IndexOf(_loadPrefix);
            if (at < 0) return;
            var digits = record[(at + _loadPrefix.Length)..];
            var sequence = 0;
            foreach (var b in digits)
            {
                if (b is < (byte)'0' or > (byte)'9') break;
                sequence = sequence * 10 + (b - '0');
            }
            _onMessage(sequence);
        }
        else if (record.IndexOf(CompletionOfJoin) >= 0)
        {
            if (record.IndexOf("\"error\""u8) >= 0) _joined.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(record)));
            else _joined.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Gone already; nothing to close.
        }
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }
}
