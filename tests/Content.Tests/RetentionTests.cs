using AeThexLive.Content.Domain;
using AeThexLive.Content.Workers;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AeThexLive.Content.Tests;

/// <summary>What the janitor removes and when: recordings after their delay, VODs past retention with their files, never clips.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RetentionTests(LocalPostgres postgres) : IAsyncLifetime
{
    private readonly string _ingest = ContentWorkbench.NewIngestDirectory();
    private string _database = "";

    public async Task InitializeAsync() => _database = await ContentWorkbench.MigratedDatabaseAsync(postgres);

    [Fact]
    public async Task Recordings_go_after_the_delay_and_vods_past_retention_go_with_their_files_while_their_clips_stay()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var bench = ContentWorkbench.Create(_database, _ingest, clock: clock, vods: o =>
        {
            o.SourceRetention = TimeSpan.FromHours(1);
            o.Retention = TimeSpan.FromDays(14);
        });
        var recording = await TestMedia.RecordingAsync(bench.Recordings, 4);
        var vod = await bench.AddVodAsync(recording);
        await bench.StartVodWorkersAsync();
        vod = await bench.SettledVodAsync(vod.Id, TimeSpan.FromSeconds(60));
        var media = Path.Combine(_ingest, "media", "vods", vod.MediaKey!);
        Guid clipId;
        await using (var db = bench.Context())
        {
            var clip = Clip.FromVod(vod, Guid.NewGuid(), "Kept", ClipSlugs.New(), 0, 5, clock.GetUtcNow().UtcDateTime);
            db.Clips.Add(clip);
            await db.SaveChangesAsync();
            clipId = clip.Id;
        }
        var janitor = ActivatorUtilities.CreateInstance<MediaJanitor>(bench.Services);

        await janitor.SweepAsync(CancellationToken.None);
        Assert.True(File.Exists(recording), "kept until the delay has passed");

        clock.Advance(TimeSpan.FromHours(2));
        await janitor.SweepAsync(CancellationToken.None);
        Assert.False(File.Exists(recording));
        Assert.True(Directory.Exists(media));

        clock.Advance(TimeSpan.FromDays(15));
        await janitor.SweepAsync(CancellationToken.None);
        await using var check = bench.Context();
        Assert.False(await check.Vods.AnyAsync(v => v.Id == vod.Id));
        Assert.False(Directory.Exists(media));
        var kept = await check.Clips.SingleAsync(c => c.Id == clipId);
        Assert.Null(kept.VodId);
        Assert.Empty(await check.MediaDeletions.ToListAsync());
    }

    [Fact]
    public async Task A_channel_with_its_own_retention_keeps_its_vods_longer()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var bench = ContentWorkbench.Create(_database, _ingest, clock: clock, vods: o =>
        {
            o.Retention = TimeSpan.FromDays(14);
            o.ChannelRetention["test-channel"] = TimeSpan.FromDays(60);
        });
        var vod = await bench.AddVodAsync(await TestMedia.RecordingAsync(bench.Recordings, 2));
        var janitor = ActivatorUtilities.CreateInstance<MediaJanitor>(bench.Services);

        clock.Advance(TimeSpan.FromDays(30));
        await janitor.SweepAsync(CancellationToken.None);
        await using (var db = bench.Context()) Assert.True(await db.Vods.AnyAsync(v => v.Id == vod.Id));

        clock.Advance(TimeSpan.FromDays(31));
        await janitor.SweepAsync(CancellationToken.None);
        await using (var db = bench.Context()) Assert.False(await db.Vods.AnyAsync(v => v.Id == vod.Id));
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_ingest, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}
