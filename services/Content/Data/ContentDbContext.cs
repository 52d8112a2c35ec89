using AeThexLive.Content.Domain;
using AeThexLive.Messaging;
using AeThexLive.Messaging.Users;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Content.Data;

public sealed class ContentDbContext(DbContextOptions<ContentDbContext> options) : MessagingDbContext(options), IKeepsUserReplicas
{
    public DbSet<Vod> Vods => Set<Vod>();
    public DbSet<VodKeyframes> VodKeyframes => Set<VodKeyframes>();
    public DbSet<Clip> Clips => Set<Clip>();
    public DbSet<ClipLike> ClipLikes => Set<ClipLike>();
    public DbSet<ProcessingJob> ProcessingJobs => Set<ProcessingJob>();
    public DbSet<MediaDeletion> MediaDeletions => Set<MediaDeletion>();
    public DbSet<ViewRecord> Views => Set<ViewRecord>();
    public DbSet<UserReplica> UserReplicas => Set<UserReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContentDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<ContentDbContext>;
