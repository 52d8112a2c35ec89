using AeThexLive.Competition.Domain.Channels;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Domain.Tournaments;
using AeThexLive.Messaging;
using AeThexLive.Messaging.Users;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Data;

public sealed class CompetitionDbContext(DbContextOptions<CompetitionDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<Tournament> Tournaments => Set<Tournament>();
    public DbSet<TournamentParticipant> TournamentParticipants => Set<TournamentParticipant>();
    public DbSet<TournamentMatch> TournamentMatches => Set<TournamentMatch>();
    public DbSet<Leaderboard> Leaderboards => Set<Leaderboard>();
    public DbSet<LeaderboardEntry> LeaderboardEntries => Set<LeaderboardEntry>();
    public DbSet<LeaderboardPeriodRecord> LeaderboardPeriods => Set<LeaderboardPeriodRecord>();
    public DbSet<LeaderboardArchiveEntry> LeaderboardArchiveEntries => Set<LeaderboardArchiveEntry>();
    public DbSet<LeaderboardSubmission> LeaderboardSubmissions => Set<LeaderboardSubmission>();
    public DbSet<ChannelReplica> ChannelReplicas => Set<ChannelReplica>();
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CompetitionDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<CompetitionDbContext>;
