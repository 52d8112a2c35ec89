using AeThexLive.Competition.Domain;
using AeThexLive.Messaging;
using AeThexLive.Messaging.Users;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Data;

public sealed class CompetitionDbContext(DbContextOptions<CompetitionDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<Tournament> Tournaments => Set<Tournament>();
    public DbSet<TournamentParticipant> TournamentParticipants => Set<TournamentParticipant>();
    public DbSet<Leaderboard> Leaderboards => Set<Leaderboard>();
    public DbSet<LeaderboardEntry> LeaderboardEntries => Set<LeaderboardEntry>();
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CompetitionDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<CompetitionDbContext>;
