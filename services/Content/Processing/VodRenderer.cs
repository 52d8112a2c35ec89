using System.Globalization;
using System.Text;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Media;

namespace AeThexLive.Content.Processing;

/// <summary>
/// A rendered VOD in its staging folder (video.mp4, thumbnail.jpg, storyboard sheets and
/// storyboard.vtt), and its video's keyframe times, which clips are cut at.
/// </summary>
public sealed record VodRendering(double DurationSeconds, StoryboardLayout Storyboard, IReadOnlyList<double> Keyframes);

/// <summary>
/// Turns a broadcast's recordings into a VOD: checks and probes each, joins them without
/// re-encoding when their codecs and shapes match (re-encoding only when a reconnect changed
/// them), writes an MP4 with its index up front (faststart: a browser plays and seeks it over
/// Range requests), then the thumbnail, the keyframe-only storyboard and the keyframe index side by side.
/// </summary>
public sealed class VodRenderer(MediaTools tools, MediaProbe probe)
{
    public const string VideoFile = "video.mp4";
    public const string ThumbnailFile = "thumbnail.jpg";
    public const string StoryboardTrackFile = "storyboard.vtt";

    public static string StoryboardSheetFile(int sheet) => $"storyboard-{sheet:D3}.jpg";

    public async Task<VodRendering> RenderAsync(IReadOnlyList<string> recordings, MediaStaging staging, double readRate, CancellationToken cancellationToken)
    {
        var inputs = new List<(string Path, MediaInfo Info)>();
        foreach (var path in recordings) inputs.Add((path, await CheckAsync(path, cancellationToken)));
        if (inputs.Count == 0) throw new MediaProblem("empty recording: the broadcast left no recording");

        var video = staging.File(VideoFile);
        var joined = inputs.All(i => i.Info.CanJoinWithoutReencoding(inputs[0].Info))
            ? await tools.FfmpegAsync([.. ReadRate(readRate), .. Input(inputs, staging), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
                "-movflags", "+faststart", video], cancellationToken)
            : await tools.FfmpegAsync([.. ReadRate(readRate), .. Reencode(inputs), "-movflags", "+faststart", video], cancellationToken);
        if (!joined.Succeeded) throw new MediaProblem($"corrupt recording: ffmpeg could not join the recordings ({FirstLine(joined.Errors)})");

        var output = await probe.ProbeAsync(video, cancellationToken);
        var expected = inputs.Sum(i => i.Info.DurationSeconds);
        if (output?.Video is null || output.DurationSeconds <= 0) throw new MediaProblem("corrupt recording: the joined video is unreadable");
        if (expected > 0 && output.DurationSeconds < expected * 0.9 - 2)
        {
            throw new MediaProblem(string.Create(CultureInfo.InvariantCulture,
                $"corrupt recording: the recordings announce {expected:0.#} s but only {output.DurationSeconds:0.#} s could be read"));
        }

        var thumbnail = WriteThumbnailAsync(video, output, staging, cancellationToken);
        var storyboard = WriteStoryboardAsync(video, output, staging, cancellationToken);
        var keyframes = probe.AllKeyframesAsync(video, cancellationToken);
        await Task.WhenAll(thumbnail, storyboard, keyframes);
        return new VodRendering(output.DurationSeconds, await storyboard, await keyframes);
    }

    /// <summary>Missing, empty and corrupt recordings each fail with a reason that says which.</summary>
    private async Task<MediaInfo> CheckAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var file = new FileInfo(path);
        if (!file.Exists) throw new MediaProblem($"missing recording: {name} is not on the ingest host");
        if (file.Length == 0) throw new MediaProblem($"empty recording: {name} has no data");
        if (FlvIntegrity.Check(path) == FlvIntegrity.Verdict.Truncated) throw new MediaProblem($"corrupt recording: {name} is truncated");
        var info = await probe.ProbeAsync(path, cancellationToken);
        if (info is null) throw new MediaProblem($"corrupt recording: {name} is not readable media");
        if (info.Video is null) throw new MediaProblem($"empty recording: {name} has no video");
        return info;
    }

    private static IEnumerable<string> ReadRate(double readRate) =>
        readRate > 0 ? ["-readrate", readRate.ToString(CultureInfo.InvariantCulture)] : [];

    /// <summary>One recording as is; several through the concat demuxer, which shifts each one's timestamps after the last.</summary>
    private static IEnumerable<string> Input(List<(string Path, MediaInfo Info)> inputs, MediaStaging staging)
    {
        if (inputs.Count == 1) return ["-i", inputs[0].Path];
        var list = staging.File("recordings.txt");
        File.WriteAllLines(list, inputs.Select(i => $"file '{i.Path.Replace("'", "'\\''", StringComparison.Ordinal)}'"));
        return ["-f", "concat", "-safe", "0", "-i", list];
    }

    /// <summary>
    /// Recordings whose shapes differ (the creator changed resolution between reconnects) are
    /// scaled to the first one's and encoded once; a recording without sound gets silence.
    /// </summary>
    private static IEnumerable<string> Reencode(List<(string Path, MediaInfo Info)> inputs)
    {
        var first = inputs[0].Info.Video!;
        var arguments = new List<string>();
        foreach (var (path, _) in inputs) arguments.AddRange(["-i", path]);
        var silent = 0;
        var graph = new StringBuilder();
        for (var i = 0; i < inputs.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture,
                $"[{i}:v:0]scale={first.Width}:{first.Height}:force_original_aspect_ratio=decrease,pad={first.Width}:{first.Height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v{i}];");
            if (inputs[i].Info.Audio is not null)
            {
                graph.Append(CultureInfo.InvariantCulture, $"[{i}:a:0]aresample=48000,aformat=channel_layouts=stereo[a{i}];");
            }
            else
            {
                var silence = inputs.Count + silent++;
                arguments.AddRange(["-f", "lavfi", "-t", inputs[i].Info.DurationSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                    "-i", "anullsrc=r=48000:cl=stereo"]);
                graph.Append(CultureInfo.InvariantCulture, $"[{silence}:a:0]anull[a{i}];");
            }
        }
        for (var i = 0; i < inputs.Count; i++) graph.Append(CultureInfo.InvariantCulture, $"[v{i}][a{i}]");
        graph.Append(CultureInfo.InvariantCulture, $"concat=n={inputs.Count}:v=1:a=1[v][a]");
        arguments.AddRange(["-filter_complex", graph.ToString(), "-map", "[v]", "-map", "[a]",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-g", "60", "-c:a", "aac", "-b:a", "160k"]);
        return arguments;
    }

    private async Task WriteThumbnailAsync(string video, MediaInfo info, MediaStaging staging, CancellationToken cancellationToken)
    {
        var at = Math.Clamp(info.DurationSeconds * 0.1, 0, 30).ToString("0.###", CultureInfo.InvariantCulture);
        var run = await tools.FfmpegAsync(["-ss", at, "-i", video, "-frames:v", "1", "-vf", "scale=-2:360", "-q:v", "4", staging.File(ThumbnailFile)],
            cancellationToken);
        if (!run.Succeeded || !File.Exists(staging.File(ThumbnailFile))) throw new MediaProblem($"corrupt recording: no thumbnail ({FirstLine(run.Errors)})");
    }

    /// <summary>
    /// Sprite sheets of 10 × 10 tiles, one tile every 2–10 s (about 100 over the VOD), decoded from
    /// keyframes only (-skip_frame nokey: about 7× cheaper than decoding every frame), plus a
    /// WebVTT thumbnails track that players (video.js, Vidstack, JW) read for seek previews.
    /// </summary>
    private async Task<StoryboardLayout> WriteStoryboardAsync(string video, MediaInfo info, MediaStaging staging, CancellationToken cancellationToken)
    {
        const int columns = 10, tileWidth = 160;
        var interval = Math.Clamp(Math.Ceiling(info.DurationSeconds / 100), 2, 10);
        // Audio often runs a few milliseconds past the last frame: no tile for a sliver.
        var tiles = Math.Max(1, (int)Math.Ceiling(info.DurationSeconds / interval - 0.1));
        var rows = Math.Clamp((int)Math.Ceiling(tiles / (double)columns), 1, 10);
        var tileHeight = Math.Max(2, (int)Math.Round(tileWidth * info.Video!.Height / (double)info.Video.Width / 2) * 2);
        var filter = string.Create(CultureInfo.InvariantCulture, $"fps=1/{interval},scale={tileWidth}:{tileHeight},tile={columns}x{rows}");
        var run = await tools.FfmpegAsync(["-skip_frame", "nokey", "-i", video, "-an", "-vf", filter, "-q:v", "5",
            staging.File("storyboard-%03d.jpg")], cancellationToken);
        var sheets = Directory.EnumerateFiles(staging.Path, "storyboard-*.jpg").Count();
        if (!run.Succeeded || sheets == 0) throw new MediaProblem($"corrupt recording: no storyboard ({FirstLine(run.Errors)})");

        var layout = new StoryboardLayout(tileWidth, tileHeight, columns, rows, interval, Math.Min(tiles, sheets * columns * rows), sheets);
        await File.WriteAllTextAsync(staging.File(StoryboardTrackFile), ThumbnailTrack(layout, info.DurationSeconds), cancellationToken);
        return layout;
    }

    /// <summary>WebVTT cues pointing at each tile as sheet.jpg#xywh=x,y,w,h (relative, so a signed folder URL covers them).</summary>
    internal static string ThumbnailTrack(StoryboardLayout layout, double durationSeconds)
    {
        var vtt = new StringBuilder("WEBVTT\n");
        var perSheet = layout.Columns * layout.Rows;
        for (var tile = 0; tile < layout.Tiles; tile++)
        {
            var start = tile * layout.IntervalSeconds;
            var end = Math.Min(start + layout.IntervalSeconds, Math.Max(durationSeconds, start + 0.001));
            var inSheet = tile % perSheet;
            vtt.Append(CultureInfo.InvariantCulture,
                $"\n{Timestamp(start)} --> {Timestamp(end)}\n{StoryboardSheetFile(tile / perSheet + 1)}#xywh={inSheet % layout.Columns * layout.TileWidth},{inSheet / layout.Columns * layout.TileHeight},{layout.TileWidth},{layout.TileHeight}\n");
        }
        return vtt.ToString();
    }

    private static string Timestamp(double seconds) => TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    internal static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } line
            ? line.Length > 200 ? line[..200] : line
            : "no detail";
}
