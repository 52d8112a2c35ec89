using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AeThexLive.Benchmarks.Chat;

/// <summary>
/// A watching-only viewer that speaks SignalR's JSON hub protocol over a WebSocket, as a
/// browser's JavaScript client does: handshake, JoinStream, then read. It reads the WebSocket
/// frames straight off a socket and parses only what it needs of each message (its sequence
/// number): a thousand of them share two cores with the platform under test, so the less
/// they cost, the more the figures are about the server.
/// </summary>
public sealed class LeanViewer : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const int OpContinuation = 0x0, OpText = 0x1, OpClose = 0x8, OpPing = 0x9;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private static readonly byte[] ReceivedTarget = "\"target\":\"MessageReceived\""u8.ToArray();
    private static readonly byte[] CompletionOfJoin = "\"type\":3,\"invocationId\":\"join\""u8.ToArray();

    private readonly Socket _socket;
    private readonly byte[] _loadPrefix;
    private readonly Action<int> _onMessage;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ArrayBufferWriter<byte> _pendingRecord = new();
    private bool _handshakeDone;
    private volatile bool _closing;
    private Task _receiving = Task.CompletedTask;

    private LeanViewer(Socket socket, string loadPrefix, Action<int> onMessage)
    {
        _socket = socket;
        _loadPrefix = Encoding.UTF8.GetBytes($"\"message\":\"{loadPrefix}");
        _onMessage = onMessage;
    }

    /// <param name="hubUrl">The hub's http address; the socket goes straight to it (no negotiate round trip) unless <paramref name="negotiateWith"/> is given.</param>
    /// <param name="onMessage">Called with the sequence number of each MessageReceived whose text starts with <paramref name="loadPrefix"/>.</param>
    /// <param name="negotiateWith">
    /// When given, the viewer first negotiates over it (POST negotiate, as a browser's client does on
    /// arrival) and opens the WebSocket for the connection token it was handed, with any affinity cookie.
    /// </param>
    public static async Task<LeanViewer> JoinAsync(Uri hubUrl, Guid streamId, string loadPrefix, Action<int> onMessage, CancellationToken cancellationToken,
        HttpClient? negotiateWith = null)
    {
        if (hubUrl.Scheme != "http") throw new ArgumentException("The lean viewer speaks plain ws:// only.", nameof(hubUrl));
        var cookie = "";
        if (negotiateWith is not null) (hubUrl, cookie) = await NegotiateAsync(negotiateWith, hubUrl, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new DnsEndPoint(hubUrl.Host, hubUrl.Port), cancellationToken);
        var leftover = await UpgradeAsync(socket, hubUrl, cookie, cancellationToken);

        var viewer = new LeanViewer(socket, loadPrefix, onMessage);
        await viewer.SendTextAsync(Handshake, cancellationToken);
        viewer._receiving = viewer.ReceiveAsync(leftover);
        await viewer.SendTextAsync(Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"invocationId\":\"join\",\"target\":\"JoinStream\",\"arguments\":[\"{streamId}\"]}}\u001e"), cancellationToken);
        await viewer._joined.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return viewer;
    }

    /// <summary>Hub servers drop a client that says nothing for 30 s; call this every ~15 s.</summary>
    public Task PingAsync(CancellationToken cancellationToken) => SendTextAsync(Ping, cancellationToken);

    /// <summary>SignalR's negotiate (version 1): the address of the WebSocket for the connection token it hands out, and the cookies it set.</summary>
    private static async Task<(Uri HubUrl, string Cookie)> NegotiateAsync(HttpClient client, Uri hubUrl, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(new Uri(hubUrl, hubUrl.AbsolutePath.TrimEnd('/') + "/negotiate?negotiateVersion=1"), null, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"negotiate answered {(int)response.StatusCode}", null, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var token = answer.GetProperty("connectionToken").GetString();
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? string.Join("; ", cookies.Select(c => c.Split(';')[0])) : "";
        return (new Uri(hubUrl, $"{hubUrl.AbsolutePath}?id={Uri.EscapeDataString(token!)}"), cookie);
    }

    /// <summary>The HTTP/1.1 upgrade (RFC 6455 §4); returns any frame bytes that arrived with the answer.</summary>
    private static async Task<byte[]> UpgradeAsync(Socket socket, Uri hubUrl, string cookie, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET {hubUrl.PathAndQuery} HTTP/1.1\r\nHost: {hubUrl.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            (cookie.Length > 0 ? $"Cookie: {cookie}\r\n" : "") +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"), cancellationToken);
        var answer = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(answer)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0) throw new IOException("The hub closed the connection during the WebSocket upgrade.");
            answer.AddRange(buffer.AsSpan(0, read));
        }
        var headers = Encoding.ASCII.GetString(answer.GetRange(0, headerEnd).ToArray());
        if (!headers.StartsWith("HTTP/1.1 101", StringComparison.Ordinal)) throw new IOException($"The hub refused the WebSocket: {headers.Split("\r\n")[0]}");
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        if (!headers.Contains($"Sec-WebSocket-Accept: {expected}", StringComparison.OrdinalIgnoreCase)) throw new IOException("The hub's WebSocket accept key is wrong.");
        return answer.GetRange(headerEnd + 4, answer.Count - headerEnd - 4).ToArray();

        static int IndexOfHeaderEnd(List<byte> bytes)
        {
            for (var i = 0; i + 3 < bytes.Count; i++)
            {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
            }
            return -1;
        }
    }

    private Task SendTextAsync(byte[] payload, CancellationToken cancellationToken) => SendFrameAsync(OpText, payload, cancellationToken);

    /// <summary>One final frame; a client's frames are masked (RFC 6455 §5.3).</summary>
    private async Task SendFrameAsync(int opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var header = payload.Length < 126 ? 2 : 4;
        var frame = new byte[header + 4 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        if (payload.Length < 126)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), checked((ushort)payload.Length));
        }
        var mask = frame.AsSpan(header, 4);
        RandomNumberGenerator.Fill(mask);
        var body = frame.AsSpan(header + 4);
        payload.Span.CopyTo(body);
        for (var i = 0; i < body.Length; i++) body[i] ^= mask[i & 3];

        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(frame, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync(byte[] leftover)
    {
        var buffer = new byte[64 * 1024];
        leftover.CopyTo(buffer, 0);
        int start = 0, end = leftover.Length;
        try
        {
            while (true)
            {
                // Take every complete frame in the buffer.
                while (TryReadFrame(buffer.AsSpan(start, end - start), out var opcode, out var payloadStart, out var payloadLength))
                {
                    var payload = buffer.AsMemory(start + payloadStart, payloadLength);
                    start += payloadStart + payloadLength;
                    switch (opcode)
                    {
                        case OpText or OpContinuation:
                            Records(payload.Span);
                            break;
                        case OpPing:
                            await SendFrameAsync(0xA, payload.ToArray(), CancellationToken.None);
                            break;
                        case OpClose:
                            return;
                    }
                }
                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    // A partial frame at the end: move it to the front, and grow if it fills the buffer.
                    var partial = end - start;
                    var target = partial > buffer.Length / 2 ? new byte[buffer.Length * 2] : buffer;
                    Buffer.BlockCopy(buffer, start, target, 0, partial);
                    buffer = target;
                    start = 0;
                    end = partial;
                }
                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
                if (read == 0) return;
                end += read;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            if (!_closing) _joined.TrySetException(ex);
        }
        finally
        {
            _joined.TrySetException(new IOException("The hub closed the connection."));
        }
    }

    /// <summary>A server frame (never masked): its opcode and where its payload lies, if the whole frame is in <paramref name="data"/>.</summary>
    private static bool TryReadFrame(ReadOnlySpan<byte> data, out int opcode, out int payloadStart, out int payloadLength)
    {
        opcode = payloadStart = payloadLength = 0;
        if (data.Length < 2) return false;
        opcode = data[0] & 0x0F;
        long length = data[1] & 0x7F;
        payloadStart = 2;
        if (length == 126)
        {
            if (data.Length < 4) return false;
            length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            payloadStart = 4;
        }
        else if (length == 127)
        {
            if (data.Length < 10) return false;
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
            payloadStart = 10;
        }
        if ((data[1] & 0x80) != 0) throw new IOException("A server sent a masked frame.");
        if (data.Length - payloadStart < length) return false;
        payloadLength = (int)length;
        return true;
    }

    /// <summary>SignalR records end with 0x1E and may span frames.</summary>
    private void Records(ReadOnlySpan<byte> data)
    {
        int end;
        while ((end = data.IndexOf(RecordSeparator)) >= 0)
        {
            if (_pendingRecord.WrittenCount > 0)
            {
                _pendingRecord.Write(data[..end]);
                Record(_pendingRecord.WrittenSpan);
                _pendingRecord.Clear();
            }
            else
            {
                Record(data[..end]);
            }
            data = data[(end + 1)..];
        }
        _pendingRecord.Write(data);
    }

    private void Record(ReadOnlySpan<byte> record)
    {
        if (!_handshakeDone)
        {
            // The handshake answer is {} or {"error": "..."}.
            if (record.Length > 2) _joined.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(record)));
            _handshakeDone = true;
        }
        else if (record.IndexOf(ReceivedTarget) >= 0)
        {
            var at = record.IndexOf(_loadPrefix);
            if (at < 0) return;
            var sequence = 0;
            foreach (var b in record[(at + _loadPrefix.Length)..])
            {
                if (b is < (byte)'0' or > (byte)'9') break;
                sequence = sequence * 10 + (b - '0');
            }
            _onMessage(sequence);
        }
        else if (record.IndexOf(CompletionOfJoin) >= 0)
        {
            // Chat answers a refused join with {"ok":false, "refusal": ...} rather than a hub error.
            if (record.IndexOf("\"error\""u8) >= 0 || record.IndexOf("\"ok\":false"u8) >= 0) _joined.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(record)));
            else _joined.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        try
        {
            // Close with 1000 (normal); the hub answers with its own close and hangs up.
            await SendFrameAsync(OpClose, new byte[] { 0x03, 0xE8 }, CancellationToken.None);
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or TimeoutException)
        {
            // Gone already, or slow to answer: the socket is closed below either way.
        }
        _socket.Dispose();
        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _sending.Dispose();
    }
}
