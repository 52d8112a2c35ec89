using AeThexLive.Competition.Domain.Leaderboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Competition.Data.Configurations;

internal sealed class LeaderboardConfiguration : IEntityTypeConfiguration<Leaderboard>
{
    public void Configure(EntityTypeBuilder<Leaderboard> leaderboard)
    {
        leaderboard.ToTable("leaderboards");
        leaderboard.HasKey(l => l.Id);
        leaderboard.Property(l => l.Id).ValueGeneratedNever();
        leaderboard.Property(l => l.Name).HasMaxLength(255).IsRequired();
        leaderboard.Property(l => l.Game).HasMaxLength(255);
        // schema.sql spells the period "all-time"; the API says all_time.
        leaderboard.Property(l => l.Period).HasMaxLength(50).IsRequired(false)
            .HasConversion(v => v == LeaderboardPeriods.AllTime ? "all-time" : v, v => v == "all-time" ? LeaderboardPeriods.AllTime : v);
        // Not in schema.sql: how scores combine, who feeds the board, and for which channel.
        leaderboard.Property(l => l.ScoreMode).HasMaxLength(50);
        leaderboard.Property(l => l.Kind).HasMaxLength(50);
        leaderboard.Ignore(l => l.IsBuiltIn);
        leaderboard.HasIndex(l => new { l.ChannelId, l.CreatedAt }).HasDatabaseName("idx_leaderboards_channel_id_created_at");
    }
}

internal sealed class LeaderboardEntryConfiguration : IEntityTypeConfiguration<LeaderboardEntry>
{
    public void Configure(EntityTypeBuilder<LeaderboardEntry> entry)
    {
        entry.ToTable("leaderboard_entries");
        // schema.sql's key plus the period: a board keeps one score per user per period.
        entry.HasKey(e => new { e.LeaderboardId, e.PeriodStart, e.UserId });
        entry.Property(e => e.UpdatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Rebuilding Redis catches up with the scores written while it copied the board.
        entry.HasIndex(e => new { e.LeaderboardId, e.PeriodStart, e.UpdatedAt }).HasDatabaseName("idx_leaderboard_entries_board_period_updated_at");
        entry.HasOne<Leaderboard>().WithMany().HasForeignKey(e => e.LeaderboardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaderboardPeriodConfiguration : IEntityTypeConfiguration<LeaderboardPeriodRecord>
{
    public void Configure(EntityTypeBuilder<LeaderboardPeriodRecord> period)
    {
        period.ToTable("leaderboard_periods");
        period.HasKey(p => new { p.LeaderboardId, p.PeriodStart });
        period.HasIndex(p => p.PeriodEnd).HasFilter("archived_at IS NULL").HasDatabaseName("idx_leaderboard_periods_open_end");
        period.HasOne<Leaderboard>().WithMany().HasForeignKey(p => p.LeaderboardId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaderboardArchiveEntryConfiguration : IEntityTypeConfiguration<LeaderboardArchiveEntry>
{
    public void Configure(EntityTypeBuilder<LeaderboardArchiveEntry> entry)
    {
        entry.ToTable("leaderboard_archive_entries");
        entry.HasKey(e => new { e.LeaderboardId, e.PeriodStart, e.UserId });
        entry.HasIndex(e => new { e.LeaderboardId, e.PeriodStart, e.Rank }).HasDatabaseName("idx_leaderboard_archive_entries_rank");
    }
}

internal sealed class LeaderboardSubmissionConfiguration : IEntityTypeConfiguration<LeaderboardSubmission>
{
    public void Configure(EntityTypeBuilder<LeaderboardSubmission> submission)
    {
        submission.ToTable("leaderboard_submissions");
        submission.HasKey(s => new { s.LeaderboardId, s.SubmissionId });
        submission.Property(s => s.SubmissionId).HasMaxLength(100);
        submission.HasIndex(s => s.SubmittedAt).HasDatabaseName("idx_leaderboard_submissions_submitted_at");
    }
}
