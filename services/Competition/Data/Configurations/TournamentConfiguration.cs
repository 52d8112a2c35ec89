using AeThexLive.Competition.Domain.Tournaments;
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
        // Not in schema.sql: how the tournament is played and when it opens.
        tournament.Property(t => t.Format).HasMaxLength(50);
        tournament.Property(t => t.Seeding).HasMaxLength(50);
        tournament.HasIndex(t => new { t.Status, t.CreatedAt }).HasDatabaseName("idx_tournaments_status_created_at");
        tournament.HasIndex(t => t.RegistrationOpensAt).HasFilter("status = 'draft'").HasDatabaseName("idx_tournaments_draft_opens_at");
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
        participant.Ignore(p => p.HasWithdrawn);
        // Not in schema.sql: a user takes part once, and a channel once, even when two joins race.
        participant.HasIndex(p => new { p.TournamentId, p.UserId }).IsUnique().HasDatabaseName("tournament_participants_tournament_id_user_id_key");
        participant.HasIndex(p => new { p.TournamentId, p.ChannelId }).IsUnique().HasDatabaseName("tournament_participants_tournament_id_channel_id_key");
        participant.HasOne<Tournament>().WithMany().HasForeignKey(p => p.TournamentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TournamentMatchConfiguration : IEntityTypeConfiguration<TournamentMatch>
{
    public void Configure(EntityTypeBuilder<TournamentMatch> match)
    {
        match.ToTable("tournament_matches");
        match.HasKey(m => m.Id);
        match.Property(m => m.Id).ValueGeneratedNever();
        match.Property(m => m.Bracket).HasMaxLength(50);
        match.Property(m => m.Status).HasMaxLength(50);
        match.Ignore(m => m.IsCompleted);
        match.Ignore(m => m.IsBye);
        match.Ignore(m => m.BothSidesKnown);
        match.Ignore(m => m.LoserId);
        match.HasIndex(m => new { m.TournamentId, m.Number }).IsUnique().HasDatabaseName("tournament_matches_tournament_id_number_key");
        match.HasOne<Tournament>().WithMany().HasForeignKey(m => m.TournamentId).OnDelete(DeleteBehavior.Restrict);
    }
}
