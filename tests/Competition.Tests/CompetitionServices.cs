using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.Competition.Tournaments;
using AeThexLive.Messaging.Users;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AeThexLive.Competition.Tests;

/// <summary>
/// Competition's pieces as the service wires them, on a freshly migrated database of the test's
/// own and the shared test Redis, with a clock the test moves.
/// </summary>
internal sealed class CompetitionServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CompetitionServices(string connectionString, IConnectionMultiplexer redis, ManualClock clock, LeaderboardOptions options)
    {
        ConnectionString = connectionString;
        Clock = clock;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics();
        services.AddMemoryCache(o => o.SizeLimit = 100_000);
        services.AddDbContext<CompetitionDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddSingleton(redis);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(Options.Create(options));
        services.AddScoped<ChannelDirectory>();
        services.AddSingleton<RankingRebuilder>();
        services.AddSingleton<Rankings>();
        services.AddScoped<ScoreRecorder>();
        services.AddScoped<LeaderboardCatalog>();
        services.AddScoped<UserNames>();
        services.AddScoped<LeaderboardArchiver>();
        services.AddScoped<RankingConsistency>();
        services.AddScoped<TournamentDesk>();
        services.AddScoped<TournamentViews>();
        _services = services.BuildServiceProvider();
    }

    public string ConnectionString { get; }
    public ManualClock Clock { get; }
    public IServiceProvider Services => _services;

    public static async Task<CompetitionServices> CreateAsync(LocalPostgres postgres, LocalRedis redis, DateTimeOffset? now = null,
        LeaderboardOptions? options = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("competition");
        var services = new CompetitionServices(connectionString, redis.Connection,
            new ManualClock(now ?? new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)), options ?? new LeaderboardOptions());
        await using var db = services.Context();
        await db.Database.MigrateAsync();
        return services;
    }

    public CompetitionDbContext Context() =>
        new(new DbContextOptionsBuilder<CompetitionDbContext>().UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    /// <summary>Runs <paramref name="work"/> with a scope of its own, as one request or one consumed message has.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task<List<Guid>> AddUsersAsync(int count, string prefix = "player")
    {
        await using var db = Context();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            await UserReplicaWriter.ApplyAsync(db, id, $"{prefix}{i}", null, DateTime.UtcNow, default);
            ids.Add(id);
        }
        return ids;
    }

    public async Task<Leaderboard> AddBoardAsync(string period, string scoreMode, Guid? ownerId = null)
    {
        await using var db = Context();
        var board = new Leaderboard(Guid.NewGuid(), $"board {Guid.NewGuid():N}"[..12], null, period, scoreMode, LeaderboardKinds.Custom, null,
            ownerId ?? Guid.NewGuid(), Clock.GetUtcNow().UtcDateTime);
        db.Leaderboards.Add(board);
        await db.SaveChangesAsync();
        return board;
    }

    public Task<SubmitResult> SubmitAsync(Leaderboard board, string username, long score, string? submissionId = null) =>
        InScopeAsync(s => s.GetRequiredService<ScoreRecorder>()
            .SubmitAsync(board, username, score, submissionId ?? Guid.NewGuid().ToString("N"), Clock.GetUtcNow().UtcDateTime, default));

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
