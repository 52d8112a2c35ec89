using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Analytics.Data.Configurations;

/// <summary>Fact tables: natural keys, plus the (scope, time) indexes the rollup's range scans use.</summary>
internal sealed class FactConfiguration :
    IEntityTypeConfiguration<StreamStartFact>, IEntityTypeConfiguration<StreamEndFact>, IEntityTypeConfiguration<ViewerSampleFact>,
    IEntityTypeConfiguration<ViewerSessionFact>, IEntityTypeConfiguration<ChatMessageFact>, IEntityTypeConfiguration<FollowFact>,
    IEntityTypeConfiguration<UnfollowFact>, IEntityTypeConfiguration<SubscriptionFact>, IEntityTypeConfiguration<GiftFact>,
    IEntityTypeConfiguration<DonationFact>
{
    public void Configure(EntityTypeBuilder<StreamStartFact> fact)
    {
        fact.ToTable("fact_stream_starts");
        fact.HasKey(f => f.StreamId);
    }

    public void Configure(EntityTypeBuilder<StreamEndFact> fact)
    {
        fact.ToTable("fact_stream_ends");
        fact.HasKey(f => f.StreamId);
    }

    public void Configure(EntityTypeBuilder<ViewerSampleFact> fact)
    {
        fact.ToTable("fact_viewer_samples");
        fact.HasKey(f => new { f.StreamId, f.SampledAt });
        fact.HasIndex(f => new { f.ChannelId, f.SampledAt });
    }

    public void Configure(EntityTypeBuilder<ViewerSessionFact> fact)
    {
        fact.ToTable("fact_viewer_sessions");
        fact.HasKey(f => new { f.StreamId, f.ViewerId, f.StartedAt });
        fact.Property(f => f.ViewerId).HasMaxLength(100);
        fact.HasIndex(f => new { f.StreamId, f.EndedAt });
        fact.HasIndex(f => new { f.ChannelId, f.EndedAt });
    }

    public void Configure(EntityTypeBuilder<ChatMessageFact> fact)
    {
        fact.ToTable("fact_chat_messages");
        fact.HasKey(f => f.MessageId);
        fact.HasIndex(f => new { f.StreamId, f.PostedAt });
        fact.HasIndex(f => new { f.ChannelId, f.PostedAt });
    }

    public void Configure(EntityTypeBuilder<FollowFact> fact)
    {
        fact.ToTable("fact_follows");
        fact.HasKey(f => new { f.ChannelId, f.UserId, f.FollowedAt });
        fact.HasIndex(f => new { f.ChannelId, f.FollowedAt });
    }

    public void Configure(EntityTypeBuilder<UnfollowFact> fact)
    {
        fact.ToTable("fact_unfollows");
        fact.HasKey(f => new { f.ChannelId, f.UserId, f.UnfollowedAt });
        fact.HasIndex(f => new { f.ChannelId, f.UnfollowedAt });
    }

    public void Configure(EntityTypeBuilder<SubscriptionFact> fact)
    {
        fact.ToTable("fact_subscriptions");
        fact.HasKey(f => f.SubscriptionId);
        fact.Property(f => f.Tier).HasMaxLength(20);
        fact.HasIndex(f => new { f.ChannelId, f.StartedAt });
    }

    public void Configure(EntityTypeBuilder<GiftFact> fact)
    {
        fact.ToTable("fact_gifts");
        fact.HasKey(f => f.GiftId);
        fact.Property(f => f.Tier).HasMaxLength(20);
        fact.HasIndex(f => new { f.ChannelId, f.SentAt });
    }

    public void Configure(EntityTypeBuilder<DonationFact> fact)
    {
        fact.ToTable("fact_donations");
        fact.HasKey(f => f.DonationId);
        fact.Property(f => f.Currency).HasMaxLength(3);
        fact.HasIndex(f => new { f.ChannelId, f.CompletedAt });
    }
}
