using AeThexLive.Chat.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Chat.Data.Configurations;

internal sealed class PollConfiguration : IEntityTypeConfiguration<Poll>
{
    public void Configure(EntityTypeBuilder<Poll> poll)
    {
        poll.ToTable("polls");
        poll.HasKey(p => p.Id);
        poll.Property(p => p.Id).ValueGeneratedNever();
        poll.Property(p => p.Question).HasMaxLength(255).IsRequired();
        poll.Property(p => p.Status).HasMaxLength(50).HasDefaultValue(PollStatuses.Active);
        poll.Property(p => p.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        poll.Ignore(p => p.ClosesAt);
        // One running poll per stream, even when two moderators open one at the same moment.
        poll.HasIndex(p => p.StreamId).IsUnique().HasFilter("status = 'active'").HasDatabaseName("ix_polls_one_active_per_stream");
        // Options belong to the poll: removing one from the collection deletes its row.
        poll.HasMany(p => p.Options).WithOne().HasForeignKey(o => o.PollId).OnDelete(DeleteBehavior.ClientCascade);
        poll.Navigation(p => p.Options).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PollOptionConfiguration : IEntityTypeConfiguration<PollOption>
{
    public void Configure(EntityTypeBuilder<PollOption> option)
    {
        option.ToTable("poll_options");
        option.HasKey(o => o.Id);
        option.Property(o => o.Id).ValueGeneratedNever();
        option.Property(o => o.Text).HasColumnName("option").HasMaxLength(255).IsRequired();
        option.Property(o => o.VoteCount).HasDefaultValue(0);
    }
}

internal sealed class PollVoteConfiguration : IEntityTypeConfiguration<PollVote>
{
    public void Configure(EntityTypeBuilder<PollVote> vote)
    {
        vote.ToTable("poll_votes");
        vote.HasKey(v => new { v.UserId, v.PollOptionId });
        vote.HasIndex(v => new { v.PollId, v.UserId }).IsUnique().HasDatabaseName("ux_poll_votes_one_per_user");
        vote.Property(v => v.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        vote.HasOne<PollOption>().WithMany().HasForeignKey(v => v.PollOptionId).OnDelete(DeleteBehavior.Restrict);
    }
}
