using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Jobs;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace AeThexLive.Content.Tests;

/// <summary>
/// One Content instance's processing side against a real PostgreSQL database and a private
/// ingest folder (recordings/, media/, media-private/, media-work/, dvr/ as nginx.sh lays them
/// out). Several workbenches on one database and folder behave as several Content instances.
/// </summary>
public sealed class ContentWorkbench : IAsyncDisposable
{
    private readonly List<IHostedService> _running = [];

    private ContentWorkbench(ServiceProvider services, string connectionString, string ingestDirectory)
    {
        Services = services;
        ConnectionString = connectionString;
        IngestDirectory = ingestDirectory;
    }

    public ServiceProvider Services { get; }
    public string ConnectionString { get; }
    public string IngestDirectory { get; }
    public string Recordings => Path.Combine(IngestDirectory, "recordings");

    public static async Task<string> MigratedDatabaseAsync(LocalPostgres postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync("content");
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    public static string NewIngestDirectory()
    {
        var folder = RepositoryPaths.NewDataDirectory("content");
        foreach (var sub in new[] { "recordings", "media", "media-private", "media-work", "dvr" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        return folder;
    }

    public static ContentWorkbench Create(string connectionString, string ingestDirectory, Action<VodOptions>? vods = null,
        Action<ClipOptions>? clips = null, TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddDbContext<ContentDbContext>(options => options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.Configure<MediaOptions>(o =>
        {
            o.IngestDirectory = ingestDirectory;
            o.SigningSecret = "test-signing-secret";
        });
        services.Configure<VodOptions>(o =>
        {
            o.Lease = TimeSpan.FromSeconds(3);
            o.RetryDelay = TimeSpan.FromMilliseconds(200);
            o.PollInterval = TimeSpan.FromMilliseconds(200);
            vods?.Invoke(o);
        });
        services.Configure<ClipOptions>(o => clips?.Invoke(o));
        services.Configure<JanitorOptions>(_ => { });
        services.AddMediaProcessing();
        return new ContentWorkbench(services.BuildServiceProvider(), connectionString, ingestDirectory);
    }

    public static ContentDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<ContentDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);

    public ContentDbContext Context() => Context(ConnectionString);

    /// <summary>Starts this instance's VOD workers, as the service does at start-up.</summary>
    public async Task StartVodWorkersAsync()
    {
        var runner = ActivatorUtilities.CreateInstance<JobRunner<VodJobHandler>>(Services, NullLogger<JobRunner<VodJobHandler>>.Instance);
        await runner.StartAsync(CancellationToken.None);
        _running.Add(runner);
    }

    public async Task StartClipWorkersAsync()
    {
        var runner = ActivatorUtilities.CreateInstance<JobRunner<ClipJobHandler>>(Services, NullLogger<JobRunner<ClipJobHandler>>.Instance);
        await runner.StartAsync(CancellationToken.None);
        _running.Add(runner);
    }

    /// <summary>A VOD waiting for processing, as StreamEnded leaves it.</summary>
    public async Task<Vod> AddVodAsync(params string[] recordings)
    {
        await using var db = Context();
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var vod = Vod.ForBroadcast(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "test-channel", "Test broadcast", recordings, now);
        db.Vods.Add(vod);
        db.ProcessingJobs.Add(new ProcessingJob(vod.Id, JobKinds.Vod, null, vod.CreatedAt));
        await db.SaveChangesAsync();
        Services.GetRequiredService<WorkSignal>().Notify(JobKinds.Vod);
        return vod;
    }

    public async Task<Vod> VodAsync(Guid id)
    {
        await using var db = Context();
        return await db.Vods.AsNoTracking().SingleAsync(v => v.Id == id);
    }

    /// <summary>Waits until the VOD is no longer processing.</summary>
    public async Task<Vod> SettledVodAsync(Guid id, TimeSpan within) =>
        await Eventually.ValueAsync(() => VodAsync(id), v => v.ProcessingStatus != VodProcessingStatuses.Processing, within, TimeSpan.FromMilliseconds(100));

    public async Task<long> EventsAsync(string type, Guid subjectId, string field = "vodId") =>
        await DatabaseInspection.ScalarAsync<long>(ConnectionString,
            $"SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND (payload->>'{field}')::uuid = @id", ("type", $"%.{type},%"), ("id", subjectId));

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _running) await runner.StopAsync(CancellationToken.None);
        foreach (var runner in _running) (runner as IDisposable)?.Dispose();
        await Services.DisposeAsync();
    }
}
