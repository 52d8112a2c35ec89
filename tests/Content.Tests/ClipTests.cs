using System.Globalization;
using System.Text.Json;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Jobs;
using AeThexLive.Content.Media;
using AeThexLive.Content.Processing;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Content.Tests;

/// <summary>Clips cut with the real ffmpeg from a live buffer laid out as nginx-rtmp writes it, and from a VOD.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClipTests(LocalPostgres postgres) : IAsyncLifetime
{
    private readonly string _ingest = ContentWorkbench.NewIngestDirectory();
    private string _database = "";

    public async Task InitializeAsync() => _database = await ContentWorkbench.MigratedDatabaseAsync(postgres);

    [Fact]
    public async Task A_live_clip_starts_at_the_fragment_boundary_nearest_the_asked_moment_and_lasts_the_asked_time()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest);
        var start = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
        await WriteLiveBufferAsync("some-channel", start, seconds: 20);
        var fragments = await bench.Services.GetRequiredService<IngestArchive>().DvrFragmentsAsync("some-channel", CancellationToken.None);
        Assert.Equal(10, fragments.Count);
        Assert.Equal(start.AddSeconds(18), fragments[^1].StartsAt);

        using var staging = bench.Services.GetRequiredService<IMediaStore>().Stage("test");
        var clip = await bench.Services.GetRequiredService<ClipCutter>().CutLiveAsync(fragments, start.AddSeconds(5.3), 8, staging, CancellationToken.None);

        // The fragment at 6 s is nearer 5.3 s than the one at 4 s: at most half a fragment late, never more than one early.
        Assert.Equal(0.7, clip.StartShiftSeconds, 3);
        Assert.InRange(await TestMedia.DurationAsync(staging.File(ClipCutter.VideoFile)), 7.5, 8.5);
        Assert.Equal("h264", await TestMedia.ProbeAsync(staging.File(ClipCutter.VideoFile), "stream=codec_name", "v:0"));
        Assert.Equal("640,360", await TestMedia.ProbeAsync(staging.File(ClipCutter.ThumbnailFile), "stream=width,height"));
    }

    [Fact]
    public async Task A_vod_clip_cut_from_the_kept_keyframe_index_matches_one_cut_after_probing_the_video()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest);
        var recording = await TestMedia.RecordingAsync(bench.Recordings, 30);
        var cutter = bench.Services.GetRequiredService<ClipCutter>();
        var probe = bench.Services.GetRequiredService<MediaProbe>();
        var index = await probe.AllKeyframesAsync(recording, CancellationToken.None);
        Assert.Equal(15, index.Count);

        using var indexed = bench.Services.GetRequiredService<IMediaStore>().Stage("indexed");
        using var probed = bench.Services.GetRequiredService<IMediaStore>().Stage("probed");
        var fromIndex = await cutter.CutVodAsync(recording, index, 9.2, 10, indexed, CancellationToken.None);
        var fromProbe = await cutter.CutVodAsync(recording, null, 9.2, 10, probed, CancellationToken.None);

        // 9.2 s is nearest the keyframe at 10 s (the FLV's clock starts a few milliseconds in): 0.8 s late, within half of a 2 s group.
        Assert.InRange(fromIndex.StartShiftSeconds, 0.78, 0.85);
        Assert.Equal(fromIndex.StartShiftSeconds, fromProbe.StartShiftSeconds, 3);
        foreach (var staging in new[] { indexed, probed })
        {
            var file = staging.File(ClipCutter.VideoFile);
            // The duration read from the MP4's own header is ffprobe's.
            Assert.Equal(await TestMedia.DurationAsync(file), Mp4Duration.Read(file)!.Value, 2);
            Assert.InRange(Mp4Duration.Read(file)!.Value, 9.5, 10.5);
            // Copied from a keyframe: the first packet is one.
            Assert.StartsWith("K", (await TestMedia.ProbeAsync(file, "packet=flags", "v:0")).Split('\n')[0]);
            Assert.True(File.Exists(staging.File(ClipCutter.ThumbnailFile)));
        }
    }

    [Fact]
    public void A_file_that_is_not_an_mp4_has_no_duration()
    {
        var path = Path.Combine(_ingest, "not-an-mp4.bin");
        Directory.CreateDirectory(_ingest);
        File.WriteAllBytes(path, [0, 0, 0, 12, (byte)'f', (byte)'r', (byte)'e', (byte)'e', 1, 2, 3, 4, 0xFF, 0xFF]);
        Assert.Null(Mp4Duration.Read(path));
    }

    [Fact]
    public async Task A_clip_job_from_a_vod_becomes_ready_with_its_mp4_thumbnail_and_one_ClipCreated()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest);
        var vod = await bench.AddVodAsync(await TestMedia.RecordingAsync(bench.Recordings, 20));
        await bench.StartVodWorkersAsync();
        await bench.StartClipWorkersAsync();
        vod = await bench.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(60));
        Assert.True(vod.IsReady);

        var clip = Clip.FromVod(vod, Guid.NewGuid(), "Nice moment", ClipSlugs.New(), offsetSeconds: 7, durationSeconds: 10, DateTime.UtcNow);
        await using (var db = bench.Context())
        {
            db.Clips.Add(clip);
            db.ProcessingJobs.Add(new ProcessingJob(clip.Id, JobKinds.Clip, JsonSerializer.Serialize(new ClipWindow(10, OffsetSeconds: 7), JsonSerializerOptions.Web), DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        bench.Services.GetRequiredService<WorkSignal>().Notify(JobKinds.Clip);

        var ready = await Eventually.ValueAsync(async () =>
        {
            await using var db = bench.Context();
            return await db.Clips.AsNoTracking().SingleAsync(c => c.Id == clip.Id);
        }, c => c.Status != ClipStatuses.Processing, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        Assert.Equal(ClipStatuses.Ready, ready.Status);
        Assert.Equal(10, ready.DurationSeconds);
        Assert.Matches($"^/media/clips/{ready.MediaKey}/clip.mp4$", ready.VideoUrl);
        var file = Path.Combine(_ingest, "media", "clips", ready.MediaKey!, ClipCutter.VideoFile);
        Assert.InRange(await TestMedia.DurationAsync(file), 9.5, 10.5);
        Assert.Equal(1, await bench.EventsAsync("ClipCreated", clip.Id, "clipId"));
        await using (var db = bench.Context())
        {
            // The VOD's keyframe index was kept when it was rendered: the cut did not probe the video.
            Assert.Equal(10, (await db.VodKeyframes.SingleAsync(k => k.VodId == vod.Id)).Seconds.Length);
        }
    }

    [Fact]
    public void Slugs_are_words_and_a_random_tail_never_repeating()
    {
        var slugs = Enumerable.Range(0, 2000).Select(_ => ClipSlugs.New()).ToList();
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
        Assert.All(slugs, slug => Assert.Matches("^[A-Z][a-z]+[A-Z][a-z]+[A-Z][a-z]+-[A-Za-z0-9]{12}$", slug));
    }

    /// <summary>Fragments of 2 s from one keyframe to the next, named by their start in Unix milliseconds, with nginx-rtmp's playlist.</summary>
    private async Task WriteLiveBufferAsync(string slug, DateTime start, int seconds)
    {
        var folder = Path.Combine(_ingest, "dvr", slug);
        Directory.CreateDirectory(folder);
        await TestMedia.FfmpegAsync(["-f", "lavfi", "-i", "testsrc=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-f", "segment", "-segment_time", "2", "-segment_format", "mpegts", Path.Combine(folder, "part-%03d.ts")]);
        var playlist = new List<string> { "#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-TARGETDURATION:2" };
        var parts = Directory.GetFiles(folder, "part-*.ts").Order().ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            var name = $"{new DateTimeOffset(start.AddSeconds(2 * i)).ToUnixTimeMilliseconds()}.ts";
            File.Move(parts[i], Path.Combine(folder, name));
            playlist.Add("#EXTINF:2.000,");
            playlist.Add(name);
        }
        await File.WriteAllLinesAsync(Path.Combine(folder, "index.m3u8"), playlist);
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_ingest, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}
