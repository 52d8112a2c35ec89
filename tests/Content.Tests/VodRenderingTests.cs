using AeThexLive.Content.Media;
using AeThexLive.Content.Processing;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Content.Tests;

/// <summary>Recordings into VODs with the real ffmpeg: what a viewer would get to play, seek and preview.</summary>
public sealed class VodRenderingTests : IAsyncLifetime
{
    private readonly string _ingest = ContentWorkbench.NewIngestDirectory();
    private ContentWorkbench _bench = null!;

    private string Recordings => Path.Combine(_ingest, "recordings");
    private VodRenderer Renderer => _bench.Services.GetRequiredService<VodRenderer>();
    private IMediaStore Store => _bench.Services.GetRequiredService<IMediaStore>();

    public Task InitializeAsync()
    {
        _bench = ContentWorkbench.Create("Host=unused", _ingest);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_recording_becomes_a_faststart_mp4_with_its_duration_a_thumbnail_and_a_keyframe_storyboard()
    {
        var recording = await TestMedia.RecordingAsync(Recordings, 12, size: "640x360");
        using var staging = Store.Stage("test");

        var vod = await Renderer.RenderAsync([recording], staging, readRate: 0, CancellationToken.None);

        Assert.InRange(vod.DurationSeconds, 11.5, 12.5);
        var video = staging.File(VodRenderer.VideoFile);
        Assert.InRange(await TestMedia.DurationAsync(video), 11.5, 12.5);
        Assert.Equal("h264", await TestMedia.ProbeAsync(video, "stream=codec_name", "v:0"));
        Assert.Equal("aac", await TestMedia.ProbeAsync(video, "stream=codec_name", "a:0"));
        Assert.True(MoovComesBeforeMdat(video), "faststart: the index is at the front, so a browser plays before downloading it all");
        Assert.Equal("640,360", await TestMedia.ProbeAsync(staging.File(VodRenderer.ThumbnailFile), "stream=width,height"));

        // 12 s at one tile every 2 s: 6 tiles of 160×90 on one sheet of 10 columns, and a cue for each.
        Assert.Equal(new Domain.StoryboardLayout(160, 90, 10, 1, 2, 6, 1), vod.Storyboard);
        Assert.Equal("1600,90", await TestMedia.ProbeAsync(staging.File(VodRenderer.StoryboardSheetFile(1)), "stream=width,height"));
        var track = await File.ReadAllTextAsync(staging.File(VodRenderer.StoryboardTrackFile));
        Assert.StartsWith("WEBVTT", track);
        Assert.Contains("00:00:00.000 --> 00:00:02.000\nstoryboard-001.jpg#xywh=0,0,160,90", track);
        Assert.Contains("00:00:10.000 --> 00:00:12.000\nstoryboard-001.jpg#xywh=800,0,160,90", track);

        // A keyframe every 60 frames at 30 fps: the index clips are cut at.
        Assert.Equal([0, 2, 4, 6, 8, 10], vod.Keyframes.Select(k => Math.Round(k, 1)));
    }

    [Fact]
    public async Task Two_compatible_recordings_are_joined_by_copying_their_packets()
    {
        var first = await TestMedia.RecordingAsync(Recordings, 8);
        var second = await TestMedia.RecordingAsync(Recordings, 6);
        using var staging = Store.Stage("test");

        var vod = await Renderer.RenderAsync([first, second], staging, readRate: 0, CancellationToken.None);

        Assert.InRange(vod.DurationSeconds, 13.5, 14.5);
        // Copied, not re-encoded: the packets are the first recording's, size for size (the first keyframe
        // aside, which the MP4 muxer stores with its parameter sets).
        Assert.Equal((await TestMedia.FirstVideoPacketSizesAsync(first))[1..],
            (await TestMedia.FirstVideoPacketSizesAsync(staging.File(VodRenderer.VideoFile)))[1..]);
    }

    [Fact]
    public async Task Recordings_of_different_sizes_are_joined_at_the_first_ones_size()
    {
        var first = await TestMedia.RecordingAsync(Recordings, 4, size: "320x180");
        var second = await TestMedia.RecordingAsync(Recordings, 4, size: "160x90", audio: false);
        using var staging = Store.Stage("test");

        var vod = await Renderer.RenderAsync([first, second], staging, readRate: 0, CancellationToken.None);

        Assert.InRange(vod.DurationSeconds, 7.5, 8.6);
        Assert.Equal("320,180", await TestMedia.ProbeAsync(staging.File(VodRenderer.VideoFile), "stream=width,height", "v:0"));
    }

    [Fact]
    public async Task Missing_empty_truncated_and_unreadable_recordings_are_refused_with_a_reason_that_says_which()
    {
        var whole = await TestMedia.RecordingAsync(Recordings, 6);
        var truncated = Path.Combine(Recordings, "truncated.flv");
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length * 2 / 3)]);
        var empty = Path.Combine(Recordings, "empty.flv");
        await File.WriteAllBytesAsync(empty, []);
        var garbage = Path.Combine(Recordings, "garbage.flv");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());

        Assert.StartsWith("missing recording", await ProblemAsync(Path.Combine(Recordings, "gone.flv")));
        Assert.StartsWith("empty recording", await ProblemAsync(empty));
        Assert.Equal("corrupt recording: truncated.flv is truncated", await ProblemAsync(truncated));
        Assert.StartsWith("corrupt recording", await ProblemAsync(garbage));
        Assert.Equal(FlvIntegrity.Verdict.Whole, FlvIntegrity.Check(whole));
    }

    private async Task<string> ProblemAsync(string recording)
    {
        using var staging = Store.Stage("test");
        var problem = await Assert.ThrowsAsync<MediaProblem>(() => Renderer.RenderAsync([recording], staging, 0, CancellationToken.None));
        return problem.Reason;
    }

    /// <summary>Reads the top-level MP4 boxes: with faststart, moov precedes mdat.</summary>
    private static bool MoovComesBeforeMdat(string path)
    {
        using var file = File.OpenRead(path);
        var header = new byte[8];
        while (file.Read(header) == 8)
        {
            var size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
            if (type == "moov") return true;
            if (type == "mdat") return false;
            file.Seek(size - 8, SeekOrigin.Current);
        }
        return false;
    }

    public async Task DisposeAsync()
    {
        await _bench.DisposeAsync();
        Directory.Delete(_ingest, recursive: true);
    }
}
