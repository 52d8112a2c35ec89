using AeThexLive.Messaging.Users;
using AeThexLive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Tests;

/// <summary>The shared copy of users, against a real PostgreSQL, as any service that keeps users has it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UserReplicaTests(LocalPostgres postgres)
{
    private static readonly DateTime Registered = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_rename_replaces_the_names_of_the_copy()
    {
        await using var db = await NewDatabaseAsync();
        var userId = Guid.NewGuid();
        await UserReplicaWriter.ApplyAsync(db, userId, "ada", null, Registered, default);
        await UserReplicaWriter.ApplyAsync(db, userId, "ada", "Ada L.", Registered.AddMinutes(5), default);

        var copy = await db.UserReplicas.AsNoTracking().SingleAsync(u => u.UserId == userId);
        Assert.Equal("Ada L.", copy.DisplayName);
        Assert.Equal("Ada L.", copy.ShownName);
        Assert.Equal(Registered.AddMinutes(5), copy.UpdatedAt);
    }

    [Fact]
    public async Task An_older_event_delivered_after_a_newer_one_changes_nothing()
    {
        await using var db = await NewDatabaseAsync();
        var userId = Guid.NewGuid();
        // The rename arrives first, then the registration it followed, then an intermediate rename.
        await UserReplicaWriter.ApplyAsync(db, userId, "grace", "Admiral", Registered.AddMinutes(10), default);
        await UserReplicaWriter.ApplyAsync(db, userId, "grace", null, Registered, default);
        await UserReplicaWriter.ApplyAsync(db, userId, "grace", "Commander", Registered.AddMinutes(5), default);

        var copy = await db.UserReplicas.AsNoTracking().SingleAsync(u => u.UserId == userId);
        Assert.Equal("Admiral", copy.DisplayName);
        Assert.Equal(Registered.AddMinutes(10), copy.UpdatedAt);
    }

    [Fact]
    public async Task Concurrent_events_for_one_new_user_leave_one_row_with_the_newest_names()
    {
        await using var setup = await NewDatabaseAsync();
        var connectionString = setup.Database.GetConnectionString()!;
        var userId = Guid.NewGuid();
        var writes = Enumerable.Range(0, 20).Select(async i =>
        {
            await using var db = ReplicaDbContext.Open(connectionString);
            await UserReplicaWriter.ApplyAsync(db, userId, "linus", $"name {i}", Registered.AddSeconds(i), default);
        });
        await Task.WhenAll(writes);

        var copies = await setup.UserReplicas.AsNoTracking().Where(u => u.UserId == userId).ToListAsync();
        Assert.Equal("name 19", Assert.Single(copies).DisplayName);
    }

    private async Task<ReplicaDbContext> NewDatabaseAsync()
    {
        var db = ReplicaDbContext.Open(await postgres.CreateDatabaseAsync("replicas"));
        await db.Database.EnsureCreatedAsync();
        return db;
    }
}

/// <summary>The smallest service database that keeps users.</summary>
public sealed class ReplicaDbContext(DbContextOptions<ReplicaDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();

    public static ReplicaDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ReplicaDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
