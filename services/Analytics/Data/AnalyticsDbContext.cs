using AeThexLive.Analytics.Domain;
using AeThexLive.Messaging;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Analytics.Data;

public sealed class AnalyticsDbContext(DbContextOptions<AnalyticsDbContext> options) : MessagingDbContext(options)
{
    public DbSet<StreamHourlyAnalytics> StreamAnalytics => Set<StreamHourlyAnalytics>();
    public DbSet<ChannelDailyAnalytics> ChannelAnalytics => Set<ChannelDailyAnalytics>();
    public DbSet<BroadcastTotals> StreamTotals => Set<BroadcastTotals>();
    public DbSet<ChannelReplica> Channels => Set<ChannelReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AnalyticsDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<AnalyticsDbContext>;
