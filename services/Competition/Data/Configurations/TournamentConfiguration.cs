using AeThexLive.Competition.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Competition.Data.Configurations;

internal sealed class TournamentConfiguration : IEntityTypeConfiguration<Tournament>
{
    public void Configure(EntityTypeBuilder<Tournament> tournament)
    {
        tournament.ToTable("tournaments");
        tournament.HasKey(t => t.Id);
        tournament.Property(t => t.Id).ValueGeneratedNever();
        tournament.Property(t => t.Name).HasMaxLength(255).IsRequired();
        tournament.Property(t => t.Game).HasMaxLength(255);
        tournament.Property(t => t.Status).HasMaxLength(50).HasDefaultValue(TournamentStatuses.Draft);
        tournament.Property(t => t.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Participants belong to the tournament: removing one from the collection deletes its row.
        tournament.HasMany(t => t.Participants).WithOne().HasForeignKey(p => p.TournamentId).OnDelete(DeleteBehavior.ClientCascade);
    }
}

internal sealed class TournamentParticipantConfiguration : IEntityTypeConfiguration<TournamentParticipant>
{
    public void Configure(EntityTypeBuilder<TournamentParticipant> participant)
    {
        participant.ToTable("tournament_participants");
        participant.HasKey(p => p.Id);
        participant.Property(p => p.Id).ValueGeneratedNever();
        participant.Property(p => p.JoinedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Not in schema.sql: a user takes part once, even when two joins race.
        participant.HasIndex(p => new { p.TournamentId, p.UserId }, "tournament_participants_tournament_id_user_id_key")
            .IsUnique()
            .HasDatabaseName("tournament_participants_tournament_id_user_id_key");
    }
}

internal sealed class LeaderboardConfiguration : IEntityTypeConfiguration<Leaderboard>
{
    public void Configure(EntityTypeBuilder<Leaderboard> leaderboard)
    {
        leaderboard.ToTable("leaderboards");
        leaderboard.HasKey(l => l.Id);
        leaderboard.Property(l => l.Id).ValueGeneratedNever();
        leaderboard.Property(l => l.Name).HasMaxLength(255).IsRequired();
        leaderboard.Property(l => l.Game).HasMaxLength(255);
        leaderboard.Property(l => l.Period).HasMaxLength(50);
    }
}

internal sealed class LeaderboardEntryConfiguration : IEntityTypeConfiguration<LeaderboardEntry>
{
    public void Configure(EntityTypeBuilder<LeaderboardEntry> entry)
    {
        entry.ToTable("leaderboard_entries");
        entry.HasKey(e => new { e.LeaderboardId, e.UserId });
        entry.Property(e => e.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Not in schema.sql: ranking and "around me" read a board by score.
        entry.HasIndex(e => new { e.LeaderboardId, e.Score })
            .IsDescending(false, true)
            .HasDatabaseName("idx_leaderboard_entries_leaderboard_id_score");
        entry.HasOne<Leaderboard>().WithMany().HasForeignKey(e => e.LeaderboardId).OnDelete(DeleteBehavior.Restrict);
    }
}
