using System.Diagnostics;
using System.Text;

namespace AeThexLive.Content.Processing;

/// <summary>What ffmpeg or ffprobe printed and how it ended.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs Debian's ffmpeg and ffprobe. We call the binaries directly rather than through FFMpegCore:
/// the handful of commands here (concat demuxer and protocol, -skip_frame nokey, tile, -readrate,
/// faststart, ffprobe's JSON) would mostly be raw arguments in its fluent API anyway, and a process
/// of our own is killed with its job when the job's lease is lost or the service stops.
/// </summary>
public sealed partial class MediaTools(ILogger<MediaTools> logger)
{
    private const int MaxErrorChars = 4000;

    public Task<ToolRun> FfmpegAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync("ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", .. arguments], cancellationToken);

    public Task<ToolRun> FfprobeAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        RunAsync("ffprobe", ["-v", "error", .. arguments], cancellationToken);

    private async Task<ToolRun> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = ReadTailAsync(process.StandardError);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            throw;
        }
        var run = new ToolRun(process.ExitCode, await output, await errors);
        if (!run.Succeeded) LogFailed(tool, run.ExitCode, run.Errors);
        return run;
    }

    private static async Task<string> ReadTailAsync(StreamReader reader)
    {
        var tail = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > MaxErrorChars * 2) tail.Remove(0, tail.Length - MaxErrorChars);
        }
        return tail.Length > MaxErrorChars ? tail.ToString(tail.Length - MaxErrorChars, MaxErrorChars) : tail.ToString();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Tool} exited with {ExitCode}: {Errors}")]
    private partial void LogFailed(string tool, int exitCode, string errors);
}

/// <summary>Media that cannot be made into what was asked; Reason is shown to the owner as the VOD's or clip's failure.</summary>
public sealed class MediaProblem(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
