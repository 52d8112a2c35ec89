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
        // Not in schema.sql: one row per stream and hour, so re-aggregating updates instead of duplicating.
        hour.HasIndex(h => new { h.StreamId, h.HourTimestamp }, "stream_analytics_stream_id_hour_timestamp_key")
            .IsUnique()
            .HasDatabaseName("stream_analytics_stream_id_hour_timestamp_key");
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
        // Not in schema.sql: one row per channel and day, so re-aggregating updates instead of duplicating.
        day.HasIndex(d => new { d.ChannelId, d.Date }, "channel_analytics_channel_id_date_key")
            .IsUnique()
            .HasDatabaseName("channel_analytics_channel_id_date_key");
    }
}
