using AeThexLive.Content.Domain;
using AeThexLive.Messaging;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Content.Data;

public sealed class ContentDbContext(DbContextOptions<ContentDbContext> options) : MessagingDbContext(options)
{
    public DbSet<Vod> Vods => Set<Vod>();
    public DbSet<Clip> Clips => Set<Clip>();
    public DbSet<ClipLike> ClipLikes => Set<ClipLike>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ContentDbContext).Assembly);
    }
}

internal sealed class DesignTimeFactory : DesignTimeDbContextFactory<ContentDbContext>;
