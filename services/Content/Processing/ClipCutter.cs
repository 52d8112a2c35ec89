using System.Globalization;
using AeThexLive.Content.Media;

namespace AeThexLive.Content.Processing;

/// <summary>A cut clip in its staging folder (clip.mp4 and thumbnail.jpg), and where it really starts.</summary>
public sealed record ClipRendering(double DurationSeconds, double StartShiftSeconds);

/// <summary>
/// Cuts clips without re-encoding: from a keyframe (a fragment boundary in the live buffer, a
/// keyframe of the VOD) for the asked duration, packets copied into an MP4 with faststart. The
/// start moves to the nearest keyframe: at most one fragment early, at most half of one late.
/// A clip is ready as soon as its cut is: the thumbnail is decoded from one keyframe of the source
/// while the cut runs, the VOD's keyframes come from the index kept when it was rendered, and the
/// duration is read from the clip's own header, so a cut is one ffmpeg run long, not four.
/// </summary>
public sealed class ClipCutter(MediaTools tools, MediaProbe probe)
{
    public const string VideoFile = "clip.mp4";
    public const string ThumbnailFile = "thumbnail.jpg";

    /// <summary>From the live buffer: <paramref name="fragments"/> are the channel's, oldest first.</summary>
    public async Task<ClipRendering> CutLiveAsync(IReadOnlyList<DvrFragment> fragments, DateTime from, double seconds, MediaStaging staging,
        CancellationToken cancellationToken)
    {
        var firstIndex = NearestStart(fragments, from);
        if (firstIndex < 0) throw new MediaProblem("the live buffer no longer holds that moment");
        var first = fragments[firstIndex];
        var needed = fragments.Skip(firstIndex).TakeWhile(f => f.StartsAt < first.StartsAt.AddSeconds(seconds)).ToList();
        if (needed.Any(f => !File.Exists(f.Path))) throw new MediaProblem("the live buffer no longer holds that moment");

        var input = "concat:" + string.Join('|', needed.Select(f => f.Path));
        var cut = tools.FfmpegAsync(["-i", input, "-t", Seconds(seconds), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
            "-bsf:a", "aac_adtstoasc", "-movflags", "+faststart", staging.File(VideoFile)], cancellationToken);
        // Every fragment opens on a keyframe: the middle one's first frame is the clip's middle, decoded alone.
        var thumbnail = ThumbnailAsync(needed[needed.Count / 2].Path, null, staging, cancellationToken);
        await Task.WhenAll(cut, thumbnail);
        if (!cut.Result.Succeeded) throw new MediaProblem($"the live buffer could not be cut ({VodRenderer.FirstLine(cut.Result.Errors)})");
        return Finish(staging, thumbnail.Result, (first.StartsAt - from).TotalSeconds);
    }

    /// <summary>
    /// From a VOD's video at <paramref name="offset"/> seconds; <paramref name="keyframes"/> is its
    /// index when one was kept, else the stretch around the offset is probed.
    /// </summary>
    public async Task<ClipRendering> CutVodAsync(string video, IReadOnlyList<double>? keyframes, double offset, double seconds, MediaStaging staging,
        CancellationToken cancellationToken)
    {
        keyframes ??= await probe.KeyframesAsync(video, offset - 12, offset + seconds / 2 + 2, cancellationToken);
        var start = keyframes.Where(k => k <= offset + 1).DefaultIfEmpty(offset).MinBy(k => Math.Abs(k - offset));
        var middle = keyframes.Where(k => k >= start && k <= start + seconds).DefaultIfEmpty(start).MinBy(k => Math.Abs(k - (start + seconds / 2)));
        // Seeking lands on the last keyframe at or before the time asked: a millisecond past the
        // keyframe keeps a time printed to fewer digits than it has from landing on the one before.
        var cut = tools.FfmpegAsync(["-ss", Seconds(start + 0.001), "-i", video, "-t", Seconds(seconds), "-map", "0:v:0", "-map", "0:a:0?",
            "-c", "copy", "-avoid_negative_ts", "make_zero", "-movflags", "+faststart", staging.File(VideoFile)], cancellationToken);
        var thumbnail = ThumbnailAsync(video, middle, staging, cancellationToken);
        await Task.WhenAll(cut, thumbnail);
        if (!cut.Result.Succeeded) throw new MediaProblem($"the VOD could not be cut ({VodRenderer.FirstLine(cut.Result.Errors)})");
        return Finish(staging, thumbnail.Result, start - offset);
    }

    /// <summary>One keyframe at <paramref name="keyframe"/> (or the file's first), decoded alone and scaled to 360 lines.</summary>
    private Task<ToolRun> ThumbnailAsync(string source, double? keyframe, MediaStaging staging, CancellationToken cancellationToken) =>
        tools.FfmpegAsync([
            "-skip_frame", "nokey", .. keyframe is { } at ? ["-ss", Seconds(Math.Max(0, at - 0.05))] : Array.Empty<string>(), "-i", source,
            "-frames:v", "1", "-vf", "scale=-2:360", "-q:v", "4", staging.File(ThumbnailFile)], cancellationToken);

    private static ClipRendering Finish(MediaStaging staging, ToolRun thumbnail, double shift)
    {
        var duration = Mp4Duration.Read(staging.File(VideoFile));
        if (duration is not > 0) throw new MediaProblem("the cut clip is unreadable");
        if (!thumbnail.Succeeded || !File.Exists(staging.File(ThumbnailFile)))
        {
            throw new MediaProblem($"no thumbnail for the clip ({VodRenderer.FirstLine(thumbnail.Errors)})");
        }
        return new ClipRendering(duration.Value, shift);
    }

    /// <summary>The fragment whose start is nearest <paramref name="from"/>, never more than half a fragment after it; -1 if none.</summary>
    internal static int NearestStart(IReadOnlyList<DvrFragment> fragments, DateTime from)
    {
        var best = -1;
        for (var i = 0; i < fragments.Count; i++)
        {
            var late = (fragments[i].StartsAt - from).TotalSeconds;
            if (late > fragments[i].Seconds / 2) break;
            if (fragments[i].EndsAt <= from) continue;
            if (best < 0 || Math.Abs(late) < Math.Abs((fragments[best].StartsAt - from).TotalSeconds)) best = i;
        }
        return best;
    }

    private static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
