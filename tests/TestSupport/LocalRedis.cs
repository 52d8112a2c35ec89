using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;
using Xunit;

namespace AeThexLive.TestSupport;

/// <summary>
/// A real Redis server for one test project, started from Debian's binary with the same
/// launcher the AppHost uses, on its own port and data folder, and stopped afterwards.
/// </summary>
public sealed class LocalRedis : IAsyncLifetime
{
    private readonly string _dataDirectory = RepositoryPaths.NewDataDirectory("redis");
    private Process? _server;
    private ConnectionMultiplexer? _connection;

    public int Port { get; } = LocalPostgres.FreePort();

    /// <summary>The connection string a service is given ("redis" in the AppHost).</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>One shared connection to the server, as a service holds one.</summary>
    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.LocalScripts, "redis.sh"), Path.Combine(_dataDirectory, "data"), Port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _server = Process.Start(start) ?? throw new InvalidOperationException("Could not start Redis.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AnswersPingAsync())
        {
            if (DateTime.UtcNow > deadline || _server.HasExited) throw new InvalidOperationException("Redis did not start.");
            await Task.Delay(100);
        }
        _connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true");
    }

    /// <summary>Empties the server, as an operator's FLUSHALL (or a restart without persistence) would.</summary>
    public Task FlushAsync() => Connection.GetServers()[0].FlushAllDatabasesAsync();

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        if (_server is { HasExited: false })
        {
            Process.Start("kill", ["-TERM", _server.Id.ToString()])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _server.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { _server.Kill(entireProcessTree: true); }
        }
        _server?.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
