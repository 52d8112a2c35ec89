using System.Security.Claims;
using AeThexLive.Chat.Data;
using AeThexLive.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Rooms;

/// <summary>Who may moderate a channel's chat: its owner, the moderators the owner appointed, and admins.</summary>
public sealed class ChatAuthority(ChatDbContext db)
{
    public async Task<bool> CanModerateAsync(Guid channelId, Guid ownerId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        return me == ownerId || user.IsInRole(Roles.Admin)
            || await db.ChannelModerators.AnyAsync(m => m.ChannelId == channelId && m.UserId == me, cancellationToken);
    }

    public Task<bool> IsModeratorAsync(Guid channelId, Guid userId, CancellationToken cancellationToken) =>
        db.ChannelModerators.AnyAsync(m => m.ChannelId == channelId && m.UserId == userId, cancellationToken);

    /// <summary>Rooms to tell about something that happened in a channel: its live streams' rooms.</summary>
    public Task<List<Guid>> LiveStreamsAsync(Guid channelId, CancellationToken cancellationToken) =>
        db.StreamReplicas.Where(s => s.ChannelId == channelId && s.IsLive).Select(s => s.StreamId).ToListAsync(cancellationToken);
}
