using System.Globalization;
using System.Text.Json;

namespace AeThexLive.Content.Processing;

/// <summary>What ffprobe says about a file: its duration and the shape of its first video and audio streams.</summary>
public sealed record MediaInfo(double DurationSeconds, VideoShape? Video, AudioShape? Audio)
{
    /// <summary>Files that can be joined packet for packet (-c copy) have the same codecs and shapes.</summary>
    public bool CanJoinWithoutReencoding(MediaInfo other) => Video == other.Video && Audio == other.Audio;
}

public sealed record VideoShape(string Codec, int Width, int Height, string? PixelFormat);

public sealed record AudioShape(string Codec, int SampleRate, int Channels);

public sealed class MediaProbe(MediaTools tools)
{
    /// <returns>null when ffprobe cannot read the file as media.</returns>
    public async Task<MediaInfo?> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var run = await tools.FfprobeAsync(["-print_format", "json", "-show_format", "-show_streams", path], cancellationToken);
        if (!run.Succeeded) return null;
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        VideoShape? video = null;
        AudioShape? audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = Text(stream, "codec_type");
                if (type == "video" && video is null && Number(stream, "width") > 0)
                {
                    video = new VideoShape(Text(stream, "codec_name") ?? "", (int)Number(stream, "width"), (int)Number(stream, "height"), Text(stream, "pix_fmt"));
                }
                else if (type == "audio" && audio is null)
                {
                    audio = new AudioShape(Text(stream, "codec_name") ?? "", (int)Number(stream, "sample_rate"), (int)Number(stream, "channels"));
                }
            }
        }
        var duration = root.TryGetProperty("format", out var format) ? Number(format, "duration") : 0;
        return new MediaInfo(duration, video, audio);
    }

    /// <summary>The video's keyframe times within [from, to] seconds (reads only that stretch, decoding keyframes only).</summary>
    public async Task<IReadOnlyList<double>> KeyframesAsync(string path, double from, double to, CancellationToken cancellationToken)
    {
        var interval = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, from):0.###}%{to:0.###}");
        var run = await tools.FfprobeAsync(["-select_streams", "v:0", "-skip_frame", "nokey", "-read_intervals", interval,
            "-show_entries", "frame=pts_time", "-of", "csv=p=0", path], cancellationToken);
        if (!run.Succeeded) return [];
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.TryParse(line.TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NaN)
            .Where(t => !double.IsNaN(t))
            .Order()
            .ToList();
    }

    /// <summary>
    /// Every keyframe time of the video, from the packets' key flags: no frame is decoded, so a
    /// ten-minute VOD is read in well under a second (kept with the VOD, so clips need no probe).
    /// </summary>
    public async Task<IReadOnlyList<double>> AllKeyframesAsync(string path, CancellationToken cancellationToken)
    {
        var run = await tools.FfprobeAsync(["-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", path],
            cancellationToken);
        if (!run.Succeeded) return [];
        var keyframes = new List<double>();
        foreach (var line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !line.AsSpan(comma + 1).StartsWith("K")) continue;
            if (double.TryParse(line.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out var time)) keyframes.Add(time);
        }
        keyframes.Sort();
        return keyframes;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>ffprobe writes some numbers as strings ("duration": "12.34").</summary>
    private static double Number(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value)) return 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 0,
        };
    }
}
