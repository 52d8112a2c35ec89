using System.Diagnostics;

namespace AeThexLive.Benchmarks.Raid;

/// <summary>
/// The yardstick for the reads: an nginx of its own serving fixed copies of what a viewer reads on
/// arrival (the channel, the stream, the recent chat, the playlist and its segments, taken from the
/// live stream) as static files at the same paths, and answering the heartbeat with a constant. No
/// gateway, no service, no database: what the machine does at best for the same requests.
/// </summary>
public sealed class BaselineNginx : IAsyncDisposable
{
    private readonly Process _process;

    private BaselineNginx(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="folder">Holds the configuration, and the copies under www/ at their URL paths.</param>
    /// <param name="exactFiles">Exact request paths answered with a file under www/ (the API reads: their paths have no extension).</param>
    /// <param name="heartbeatPath">The heartbeat's path, answered {"viewerCount":1}.</param>
    public static async Task<BaselineNginx> StartAsync(string folder, int port, IReadOnlyDictionary<string, string> exactFiles, string heartbeatPath)
    {
        var locations = string.Join("\n", exactFiles.Select(f => $"    location = {f.Key} {{ try_files /{f.Value} =404; }}"));
        // Workers run as nobody when nginx is started as root (as the ingest's nginx does).
        var user = Environment.UserName == "root" ? "user nobody nogroup;" : "";
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            {{user}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log stderr warn;
            events { worker_connections 8192; }
            http {
              access_log off;
              server_tokens off;
              sendfile on;
              tcp_nopush on;
              keepalive_requests 100000;
              types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
              default_type application/json;
              server {
                listen 127.0.0.1:{{port}};
                root {{folder}}/www;
            {{locations}}
                location = {{heartbeatPath}} { return 200 '{"viewerCount":1}'; }
                location /hls/ { }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/nginx")
        {
            ArgumentList = { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" },
            RedirectStandardError = true,
        })!;
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 }) Console.WriteLine($"[baseline nginx] {line.Data}");
        };
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var _ = await probe.GetAsync(new Uri(address, exactFiles.Keys.First()));
                return new BaselineNginx(process, address);
            }
            catch (HttpRequestException) when (attempt < 50 && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    private bool _stopped;

    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        // The workers too: a worker outliving its master would keep serving, and hold the error pipe open.
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
