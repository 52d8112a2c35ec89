using AeThexLive.Content.Domain;
using AeThexLive.Content.Jobs;
using AeThexLive.Content.Media;
using AeThexLive.Content.Processing;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Content.Tests;

/// <summary>
/// VOD jobs against a real PostgreSQL and the real ffmpeg: claimed once however many workers ask,
/// resumed when their worker dies, failed with a reason after bounded attempts, published whole.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class VodJobTests(LocalPostgres postgres) : IAsyncLifetime
{
    private readonly string _ingest = ContentWorkbench.NewIngestDirectory();
    private string _database = "";

    private string Recordings => Path.Combine(_ingest, "recordings");

    public async Task InitializeAsync() => _database = await ContentWorkbench.MigratedDatabaseAsync(postgres);

    [Fact]
    public async Task Two_instances_share_the_jobs_and_each_vod_is_made_once_with_one_VodReady()
    {
        await using var first = ContentWorkbench.Create(_database, _ingest);
        await using var second = ContentWorkbench.Create(_database, _ingest);
        var recording = await TestMedia.RecordingAsync(Recordings, 4);
        var vods = new List<Vod>();
        for (var i = 0; i < 4; i++) vods.Add(await first.AddVodAsync(recording));

        await first.StartVodWorkersAsync();
        await second.StartVodWorkersAsync();

        foreach (var vod in vods)
        {
            var settled = await first.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(90));
            Assert.Equal(VodProcessingStatuses.Ready, settled.ProcessingStatus);
            Assert.InRange(settled.DurationSeconds!.Value, 4, 4);
            Assert.Equal(1, await first.EventsAsync("VodReady", vod.Id));
        }
        await using var db = first.Context();
        Assert.All(await db.ProcessingJobs.ToListAsync(), job => Assert.Equal(1, job.Attempts));
        // Each VOD's media is in place once: no second output from a second run.
        Assert.Equal(4, Directory.GetDirectories(Path.Combine(_ingest, "media", "vods")).Length);
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_one_job_to_two_workers()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest);
        await using (var db = bench.Context())
        {
            for (var i = 0; i < 30; i++) db.ProcessingJobs.Add(new ProcessingJob(Guid.NewGuid(), "test", null, DateTime.UtcNow.AddSeconds(-1)));
            await db.SaveChangesAsync();
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 45).Select(async _ =>
        {
            await using var scope = bench.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<JobQueue>().ClaimAsync("test", TimeSpan.FromMinutes(1), CancellationToken.None);
        }));

        var won = claims.OfType<ClaimedJob>().ToList();
        Assert.Equal(30, won.Count);
        Assert.Equal(30, won.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_resumed_once_its_lease_runs_out_and_a_stale_worker_cannot_finish_it()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest, vods: o => o.Lease = TimeSpan.FromSeconds(2));
        var vod = await bench.AddVodAsync(await TestMedia.RecordingAsync(Recordings, 4));
        ClaimedJob dead;
        await using (var scope = bench.Services.CreateAsyncScope())
        {
            // A worker claims the job and dies: it never renews or finishes.
            dead = (await scope.ServiceProvider.GetRequiredService<JobQueue>().ClaimAsync(JobKinds.Vod, TimeSpan.FromSeconds(2), CancellationToken.None))!;
        }

        await bench.StartVodWorkersAsync();
        var settled = await bench.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(VodProcessingStatuses.Ready, settled.ProcessingStatus);
        Assert.Equal(1, await bench.EventsAsync("VodReady", vod.Id));
        await using var check = bench.Services.CreateAsyncScope();
        var queue = check.ServiceProvider.GetRequiredService<JobQueue>();
        Assert.False(await queue.RenewAsync(dead, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Null(await queue.LockIfHeldAsync(dead, CancellationToken.None));
        await using var db = bench.Context();
        Assert.Equal(2, (await db.ProcessingJobs.SingleAsync(j => j.Id == vod.Id)).Attempts);
    }

    [Fact]
    public async Task A_truncated_recording_fails_with_a_reason_after_the_allowed_attempts_and_one_VodFailed()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest, vods: o => o.MaxAttempts = 3);
        var whole = await TestMedia.RecordingAsync(Recordings, 4);
        var truncated = Path.Combine(Recordings, $"cut-{Guid.NewGuid():N}.flv");
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var vod = await bench.AddVodAsync(whole, truncated);

        await bench.StartVodWorkersAsync();
        var settled = await bench.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(60));

        Assert.Equal(VodProcessingStatuses.Failed, settled.ProcessingStatus);
        Assert.Equal($"corrupt recording: {Path.GetFileName(truncated)} is truncated", settled.FailureReason);
        Assert.Equal(1, await bench.EventsAsync("VodFailed", vod.Id));
        Assert.Equal(0, await bench.EventsAsync("VodReady", vod.Id));
        await using var db = bench.Context();
        var job = await db.ProcessingJobs.SingleAsync(j => j.Id == vod.Id);
        Assert.Equal(3, job.Attempts);
        Assert.NotNull(job.FinishedAt);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_ingest, "media-work")));
    }

    [Fact]
    public async Task A_job_that_keeps_killing_its_worker_is_failed_rather_than_claimed_forever()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest, vods: o => o.MaxAttempts = 2);
        var vod = await bench.AddVodAsync(await TestMedia.RecordingAsync(Recordings, 4));
        await using (var db = bench.Context())
        {
            // Two earlier claims whose workers crashed, their leases long gone.
            await db.ProcessingJobs.Where(j => j.Id == vod.Id).ExecuteUpdateAsync(set => set.SetProperty(j => j.Attempts, 2));
        }

        await bench.StartVodWorkersAsync();
        var settled = await bench.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(VodProcessingStatuses.Failed, settled.ProcessingStatus);
        Assert.Equal("processing stopped after 2 attempts", settled.FailureReason);
    }

    [Fact]
    public async Task Media_appears_all_at_once_and_nothing_half_written_is_ever_visible()
    {
        // Read at 4× real time, the 12 s recording takes about 3 s to remux: long enough to watch.
        await using var bench = ContentWorkbench.Create(_database, _ingest, vods: o => o.ReadRate = 4);
        var vod = await bench.AddVodAsync(await TestMedia.RecordingAsync(Recordings, 12));
        var published = Path.Combine(_ingest, "media", "vods");
        var partial = new List<string>();
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                foreach (var folder in Directory.Exists(published) ? Directory.GetDirectories(published) : [])
                {
                    var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToHashSet();
                    if (!files.SetEquals([VodRenderer.VideoFile, VodRenderer.ThumbnailFile, VodRenderer.StoryboardTrackFile, VodRenderer.StoryboardSheetFile(1)]))
                    {
                        partial.Add(string.Join(",", files));
                    }
                }
                await Task.Delay(5);
            }
        });

        await bench.StartVodWorkersAsync();
        var settled = await bench.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(60));
        await watching.CancelAsync();
        await watcher;

        Assert.Equal(VodProcessingStatuses.Ready, settled.ProcessingStatus);
        Assert.Empty(partial);
        Assert.True(Directory.Exists(Path.Combine(published, settled.MediaKey!)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_ingest, "media-work")));
        Assert.InRange(await TestMedia.DurationAsync(Path.Combine(published, settled.MediaKey!, VodRenderer.VideoFile)), 11.5, 12.5);
    }

    [Fact]
    public async Task A_private_vod_is_published_outside_the_public_tree_and_moves_when_made_public()
    {
        await using var bench = ContentWorkbench.Create(_database, _ingest);
        var vod = await bench.AddVodAsync(await TestMedia.RecordingAsync(Recordings, 4));
        await using (var db = bench.Context())
        {
            var row = await db.Vods.SingleAsync(v => v.Id == vod.Id);
            row.SetVisibility(false, null);
            await db.SaveChangesAsync();
        }

        await bench.StartVodWorkersAsync();
        var settled = await bench.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(60));

        Assert.True(Directory.Exists(Path.Combine(_ingest, "media-private", "vods", settled.MediaKey!)));
        Assert.False(Directory.Exists(Path.Combine(_ingest, "media", "vods", settled.MediaKey!)));
        Assert.Null(settled.ThumbnailUrl);
        var store = bench.Services.GetRequiredService<IMediaStore>();
        var signed = store.Url(new MediaItem(MediaKind.Vod, settled.MediaKey!), VodRenderer.VideoFile, isPublic: false);
        Assert.Matches($"^/media/private/[A-Za-z0-9_-]{{22}}/[0-9]+/vods/{settled.MediaKey}/video.mp4$", signed.Url);
        Assert.NotNull(signed.ExpiresAt);

        await store.SetVisibilityAsync(new MediaItem(MediaKind.Vod, settled.MediaKey!), true, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(_ingest, "media", "vods", settled.MediaKey!, VodRenderer.VideoFile)));
        Assert.False(Directory.Exists(Path.Combine(_ingest, "media-private", "vods", settled.MediaKey!)));
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_ingest, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}
