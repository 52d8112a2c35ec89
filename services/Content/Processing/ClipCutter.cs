using System.Globalization;
using AeThexLive.Content.Media;

namespace AeThexLive.Content.Processing;

/// <summary>A cut clip in its staging folder (clip.mp4 and thumbnail.jpg), and where it really starts.</summary>
public sealed record ClipRendering(double DurationSeconds, double StartShiftSeconds);

/// <summary>
/// Cuts clips without re-encoding: from a keyframe (a fragment boundary in the live buffer, a
/// keyframe of the VOD) for the asked duration, packets copied into an MP4 with faststart. The
/// start moves to the nearest keyframe: at most one fragment early, at most half of one late.
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
        var run = await tools.FfmpegAsync(["-i", input, "-t", Seconds(seconds), "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
            "-bsf:a", "aac_adtstoasc", "-movflags", "+faststart", staging.File(VideoFile)], cancellationToken);
        if (!run.Succeeded) throw new MediaProblem($"the live buffer could not be cut ({VodRenderer.FirstLine(run.Errors)})");
        return await FinishAsync(staging, (first.StartsAt - from).TotalSeconds, cancellationToken);
    }

    /// <summary>From a VOD's video at <paramref name="offset"/> seconds.</summary>
    public async Task<ClipRendering> CutVodAsync(string video, double offset, double seconds, MediaStaging staging, CancellationToken cancellationToken)
    {
        var keyframes = await probe.KeyframesAsync(video, offset - 12, offset + 2, cancellationToken);
        var start = keyframes.Where(k => k <= offset + 1).DefaultIfEmpty(offset).MinBy(k => Math.Abs(k - offset));
        var run = await tools.FfmpegAsync(["-ss", Seconds(start), "-i", video, "-t", Seconds(seconds), "-map", "0:v:0", "-map", "0:a:0?",
            "-c", "copy", "-avoid_negative_ts", "make_zero", "-movflags", "+faststart", staging.File(VideoFile)], cancellationToken);
        if (!run.Succeeded) throw new MediaProblem($"the VOD could not be cut ({VodRenderer.FirstLine(run.Errors)})");
        return await FinishAsync(staging, start - offset, cancellationToken);
    }

    private async Task<ClipRendering> FinishAsync(MediaStaging staging, double shift, CancellationToken cancellationToken)
    {
        var info = await probe.ProbeAsync(staging.File(VideoFile), cancellationToken);
        if (info?.Video is null || info.DurationSeconds <= 0) throw new MediaProblem("the cut clip is unreadable");
        var run = await tools.FfmpegAsync(["-ss", Seconds(info.DurationSeconds / 2), "-i", staging.File(VideoFile), "-frames:v", "1",
            "-vf", "scale=-2:360", "-q:v", "4", staging.File(ThumbnailFile)], cancellationToken);
        if (!run.Succeeded) throw new MediaProblem($"no thumbnail for the clip ({VodRenderer.FirstLine(run.Errors)})");
        return new ClipRendering(info.DurationSeconds, shift);
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
