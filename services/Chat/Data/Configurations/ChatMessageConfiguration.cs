using AeThexLive.Chat.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Chat.Data.Configurations;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> message)
    {
        message.ToTable("chat_messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).ValueGeneratedNever();
        message.Property(m => m.Message).IsRequired();
        message.Property(m => m.IsDeleted).HasDefaultValue(false);
        message.Property(m => m.IsHeld).HasDefaultValue(false).ValueGeneratedNever();
        message.Property(m => m.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        message.HasIndex(m => new { m.StreamId, m.CreatedAt })
            .IsDescending(false, true)
            .HasDatabaseName("idx_chat_messages_stream_id");
    }
}

internal sealed class ChatReactionConfiguration : IEntityTypeConfiguration<ChatReaction>
{
    public void Configure(EntityTypeBuilder<ChatReaction> reaction)
    {
        reaction.ToTable("chat_reactions");
        reaction.HasKey(r => r.Id);
        reaction.Property(r => r.Id).ValueGeneratedNever();
        reaction.Property(r => r.Emoji).HasMaxLength(50);
        reaction.Property(r => r.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
    }
}
