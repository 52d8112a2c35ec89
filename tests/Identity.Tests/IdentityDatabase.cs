using AeThexLive.Identity.Data;
using AeThexLive.Identity.Domain;
using AeThexLive.Identity.Security;
using AeThexLive.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AeThexLive.Identity.Tests;

/// <summary>A freshly migrated identitydb of a test's own, and the pieces of Identity wired to it.</summary>
internal sealed class IdentityDatabase(string connectionString, ManualClock clock, AccountOptions options) : IAsyncDisposable
{
    private readonly ServiceProvider _services = BuildServices(connectionString);

    public string ConnectionString => connectionString;
    public ManualClock Clock => clock;
    public IOptions<AccountOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(options);

    public static async Task<IdentityDatabase> CreateAsync(LocalPostgres postgres, AccountOptions? options = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("identity");
        var database = new IdentityDatabase(connectionString, new ManualClock(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)), options ?? new AccountOptions());
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        return database;
    }

    public IdentityDbContext Context() =>
        new(new DbContextOptionsBuilder<IdentityDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);

    /// <summary>A key ring as a (re)started Identity would build it.</summary>
    public SigningKeyRing KeyRing() =>
        new(_services.GetRequiredService<IServiceScopeFactory>(), Options, clock, NullLogger<SigningKeyRing>.Instance);

    public async Task<User> AddUserAsync(string username, string password = "a long passphrase")
    {
        await using var db = Context();
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User(Guid.CreateVersion7(), username, $"{username}@example.com", null, now);
        user.SetPassword(new PasswordHasher<User>().HashPassword(user, password), now);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private static ServiceProvider BuildServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddDbContext<IdentityDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        return services.BuildServiceProvider();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
