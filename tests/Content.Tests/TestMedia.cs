using System.Diagnostics;
using System.Globalization;

namespace AeThexLive.Content.Tests;

/// <summary>Media made on the spot by ffmpeg's test sources, as nginx-rtmp would record a broadcast (H.264 + AAC in FLV, keyframe every 2 s).</summary>
public static class TestMedia
{
    public static async Task<string> RecordingAsync(string folder, double seconds, string size = "320x180", bool audio = true, string? name = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name ?? $"broadcast-{Guid.NewGuid():N}.flv");
        List<string> arguments = ["-f", "lavfi", "-i", $"testsrc=size={size}:rate=30"];
        if (audio) arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"]);
        arguments.AddRange(["-t", Seconds(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p"]);
        if (audio) arguments.AddRange(["-c:a", "aac"]);
        arguments.AddRange(["-f", "flv", path]);
        await FfmpegAsync(arguments);
        return path;
    }

    public static async Task FfmpegAsync(IEnumerable<string> arguments)
    {
        var (code, errors) = await RunAsync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", .. arguments]);
        Assert.True(code == 0, $"ffmpeg failed: {errors}");
    }

    /// <summary>ffprobe's value of one entry, e.g. ("format=duration") or ("stream=codec_name", "v:0").</summary>
    public static async Task<string> ProbeAsync(string path, string entry, string? stream = null)
    {
        List<string> arguments = ["-v", "error", "-show_entries", entry, "-of", "csv=p=0"];
        if (stream is not null) arguments.AddRange(["-select_streams", stream]);
        arguments.Add(path);
        var (code, output) = await RunAsync("ffprobe", arguments, stdout: true);
        Assert.True(code == 0, $"ffprobe failed on {path}");
        return output.Trim();
    }

    public static async Task<double> DurationAsync(string path) =>
        double.Parse(await ProbeAsync(path, "format=duration"), CultureInfo.InvariantCulture);

    /// <summary>The sizes of the first video packets: equal in input and output only when packets were copied, not re-encoded.</summary>
    public static async Task<string[]> FirstVideoPacketSizesAsync(string path, int count = 10) =>
        (await ProbeAsync(path, "packet=size", "v:0")).Split('\n', StringSplitOptions.TrimEntries).Take(count).ToArray();

    private static async Task<(int Code, string Text)> RunAsync(string tool, IEnumerable<string> arguments, bool stdout = false)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, stdout ? await output : await errors);
    }

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
