using System.Diagnostics;

namespace AeThexLive.TestSupport;

/// <summary>ffmpeg pushing a synthetic test picture and tone over RTMP, as OBS would (keyframe every 2 s).</summary>
public sealed class Publisher : IAsyncDisposable
{
    private readonly Process _process;

    private Publisher(Process process) => _process = process;

    /// <param name="size">Picture size; a benchmark that only needs a live stream passes a tiny one to spare the CPU.</param>
    public static Publisher Start(string ingestUrl, string key, string size = "640x360", int frameRate = 30)
    {
        var process = Process.Start(new ProcessStartInfo("ffmpeg")
        {
            ArgumentList =
            {
                "-nostdin", "-loglevel", "error", "-re",
                "-f", "lavfi", "-i", $"testsrc=size={size}:rate={frameRate}",
                "-f", "lavfi", "-i", "sine=frequency=440",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", $"{frameRate * 2}", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-f", "flv", $"{ingestUrl}/{key}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new Publisher(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for ffmpeg to stop by itself (refused or cut); false if it is still running.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan time)
    {
        using var timeout = new CancellationTokenSource(time);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Pulls the plug, as a crashed encoder or a dropped connection would.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
