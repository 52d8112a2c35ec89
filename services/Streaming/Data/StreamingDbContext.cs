using AeThexLive.Messaging;
using AeThexLive.Messaging.Users;
using AeThexLive.Streaming.Domain;
using Microsoft.EntityFrameworkCore;
using Stream = AeThexLive.Streaming.Domain.Stream;

namespace AeThexLive.Streaming.Data;

public sealed class StreamingDbContext(DbContextOptions<StreamingDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Stream> Streams => Set<Stream>();
    public DbSet<StreamTag> StreamTags => Set<StreamTag>();
    public DbSet<ChannelFollower> Followers => Set<ChannelFollower>();
    public DbSet<StreamKey> StreamKeys => Set<StreamKey>();
    public DbSet<StreamRecording> StreamRecordings => Set<StreamRecording>();
    public DbSet<FollowerNotification> Notifications => Set<FollowerNotification>();
    public DbSet<GoLiveFanout> GoLiveFanouts => Set<GoLiveFanout>();
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StreamingDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<StreamingDbContext>;
