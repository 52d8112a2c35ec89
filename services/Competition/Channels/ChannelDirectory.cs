using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Channels;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Competition.Channels;

/// <summary>Channels as Competition knows them from Streaming's events: by slug for requests, by id for views.</summary>
public sealed class ChannelDirectory(CompetitionDbContext db)
{
    public Task<ChannelReplica?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        var normalized = slug.Trim().ToLowerInvariant();
        return db.ChannelReplicas.AsNoTracking().Where(c => c.Slug == normalized)
            .OrderByDescending(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, ChannelReplica>> ForIdsAsync(IEnumerable<Guid> channelIds, CancellationToken cancellationToken)
    {
        var ids = channelIds.Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<Guid, ChannelReplica>();
        return await db.ChannelReplicas.AsNoTracking().Where(c => ids.Contains(c.ChannelId)).ToDictionaryAsync(c => c.ChannelId, cancellationToken);
    }
}
