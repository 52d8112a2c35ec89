using AeThexLive.Analytics.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AeThexLive.Analytics.Data.Configurations;

internal sealed class StreamHourlyAnalyticsConfiguration : IEntityTypeConfiguration<StreamHourlyAnalytics>
{
    public void Configure(EntityTypeBuilder<StreamHourlyAnalytics> hour)
    {
        hour.ToTable("stream_analytics");
        hour.HasKey(h => h.Id);
        hour.Property(h => h.Id).ValueGeneratedNever();
        hour.Property(h => h.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Not in schema.sql: one row per stream and hour, the key the rollup upserts on.
        hour.HasIndex(h => new { h.StreamId, h.HourTimestamp }).IsUnique().HasDatabaseName("stream_analytics_stream_id_hour_timestamp_key");
        hour.HasIndex(h => new { h.ChannelId, h.HourTimestamp });
    }
}

internal sealed class ChannelDailyAnalyticsConfiguration : IEntityTypeConfiguration<ChannelDailyAnalytics>
{
    public void Configure(EntityTypeBuilder<ChannelDailyAnalytics> day)
    {
        day.ToTable("channel_analytics");
        day.HasKey(d => d.Id);
        day.Property(d => d.Id).ValueGeneratedNever();
        day.Property(d => d.CreatedAt).HasDefaultValueSql("CURRENT_TIMESTAMP");
        // Not in schema.sql: one row per channel and day, the key the rollup upserts on.
        day.HasIndex(d => new { d.ChannelId, d.Date }).IsUnique().HasDatabaseName("channel_analytics_channel_id_date_key");
    }
}

internal sealed class BroadcastTotalsConfiguration : IEntityTypeConfiguration<BroadcastTotals>
{
    public void Configure(EntityTypeBuilder<BroadcastTotals> totals)
    {
        totals.ToTable("stream_totals");
        totals.HasKey(t => t.StreamId);
        totals.Property(t => t.StreamId).ValueGeneratedNever();
        totals.HasIndex(t => new { t.ChannelId, t.StartedAt });
    }
}

internal sealed class ChannelReplicaConfiguration : IEntityTypeConfiguration<ChannelReplica>
{
    public void Configure(EntityTypeBuilder<ChannelReplica> channel)
    {
        channel.ToTable("channel_replicas");
        channel.HasKey(c => c.ChannelId);
        channel.Property(c => c.ChannelId).ValueGeneratedNever();
        channel.Property(c => c.Slug).HasMaxLength(255);
        channel.Property(c => c.Name).HasMaxLength(255);
        // Not unique: a slug moves between channels, and the copy of the old holder may be updated later.
        channel.HasIndex(c => c.Slug);
    }
}

internal sealed class BroadcastSpanConfiguration : IEntityTypeConfiguration<BroadcastSpan>
{
    public void Configure(EntityTypeBuilder<BroadcastSpan> span)
    {
        span.ToTable("stream_spans");
        span.HasKey(s => s.StreamId);
        span.HasIndex(s => s.ChannelId);
    }
}

internal sealed class DirtyBucketConfiguration :
    IEntityTypeConfiguration<DirtyStreamHour>, IEntityTypeConfiguration<DirtyStream>, IEntityTypeConfiguration<DirtyChannelDay>
{
    public void Configure(EntityTypeBuilder<DirtyStreamHour> hour)
    {
        hour.ToTable("dirty_stream_hours");
        hour.HasKey(h => h.Id);
        hour.Property(h => h.Id).UseIdentityAlwaysColumn();
    }

    public void Configure(EntityTypeBuilder<DirtyStream> stream)
    {
        stream.ToTable("dirty_streams");
        stream.HasKey(s => s.Id);
        stream.Property(s => s.Id).UseIdentityAlwaysColumn();
    }

    public void Configure(EntityTypeBuilder<DirtyChannelDay> day)
    {
        day.ToTable("dirty_channel_days");
        day.HasKey(d => d.Id);
        day.Property(d => d.Id).UseIdentityAlwaysColumn();
    }
}
