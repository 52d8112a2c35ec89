using AeThexLive.Chat.Domain;
using AeThexLive.Messaging.Users;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Data;

/// <summary>Finding what a route names (a channel by slug, a user by name) in Chat's own replicas.</summary>
internal static class ChatLookups
{
    public static Task<ChannelReplica?> FindChannelAsync(this ChatDbContext db, string slug, CancellationToken cancellationToken)
    {
        var normalized = slug.ToLowerInvariant();
        return db.ChannelReplicas.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == normalized, cancellationToken);
    }

    public static Task<UserReplica?> FindUserAsync(this ChatDbContext db, string username, CancellationToken cancellationToken)
    {
        var normalized = username.Trim().ToLowerInvariant();
        return db.UserReplicas.AsNoTracking().FirstOrDefaultAsync(u => u.Username == normalized, cancellationToken);
    }
}
