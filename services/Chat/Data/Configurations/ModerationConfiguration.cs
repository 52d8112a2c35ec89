using AeThexLive.Chat.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Chat.Data.Configurations;

internal sealed class ChatBanConfiguration : IEntityTypeConfiguration<ChatBan>
{
    public void Configure(EntityTypeBuilder<ChatBan> ban)
    {
        ban.ToTable("chat_bans");
        ban.HasKey(b => b.Id);
        ban.Property(b => b.Id).ValueGeneratedNever();
        ban.Property(b => b.IsPermanent).HasDefaultValue(false);
        ban.Property(b => b.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Not in schema.sql: every message send asks "is this user banned in this channel?".
        ban.HasIndex(b => new { b.ChannelId, b.BannedUserId }).HasDatabaseName("idx_chat_bans_channel_id_banned_user_id");
    }
}

internal sealed class ModerationReportConfiguration : IEntityTypeConfiguration<ModerationReport>
{
    public void Configure(EntityTypeBuilder<ModerationReport> report)
    {
        report.ToTable("moderation_queue");
        report.HasKey(r => r.Id);
        report.Property(r => r.Id).ValueGeneratedNever();
        report.Property(r => r.Reason).HasMaxLength(255);
        report.Property(r => r.Status).HasMaxLength(50).HasDefaultValue(ReportStatuses.Pending);
        report.Property(r => r.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        report.Ignore(r => r.IsPending);
        report.HasOne<ChatMessage>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChannelModeratorConfiguration : IEntityTypeConfiguration<ChannelModerator>
{
    public void Configure(EntityTypeBuilder<ChannelModerator> moderator)
    {
        moderator.ToTable("channel_moderators");
        moderator.HasKey(m => new { m.ChannelId, m.UserId });
        moderator.Property(m => m.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
    }
}
