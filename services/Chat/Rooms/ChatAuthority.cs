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

    /// <summary>
    /// Whether the user is banned or timed out in the channel now, and until when (null: for good).
    /// A banned viewer reads the room but takes no part: no messages, votes or reactions.
    /// </summary>
    public async Task<(bool Banned, DateTime? Until)> BanAsync(Guid channelId, Guid userId, DateTime now, CancellationToken cancellationToken)
    {
        var bans = await db.ChatBans.AsNoTracking()
            .Where(b => b.ChannelId == channelId && b.BannedUserId == userId && (b.IsPermanent || b.BannedUntil > now))
            .Select(b => new { b.IsPermanent, b.BannedUntil }).ToListAsync(cancellationToken);
        if (bans.Count == 0) return (false, null);
        return bans.Any(b => b.IsPermanent) ? (true, null) : (true, bans.Max(b => b.BannedUntil));
    }

    /// <summary>Rooms to tell about something that happened in a channel: its live streams' rooms.</summary>
    public Task<List<Guid>> LiveStreamsAsync(Guid channelId, CancellationToken cancellationToken) =>
        db.StreamReplicas.Where(s => s.ChannelId == channelId && s.IsLive).Select(s => s.StreamId).ToListAsync(cancellationToken);

    /// <summary>The live streams' rooms of several channels in one query (a batch of alerts), by channel.</summary>
    public async Task<ILookup<Guid, Guid>> LiveStreamsAsync(IReadOnlyCollection<Guid> channelIds, CancellationToken cancellationToken) =>
        (await db.StreamReplicas.Where(s => channelIds.Contains(s.ChannelId) && s.IsLive)
            .Select(s => new { s.ChannelId, s.StreamId }).ToListAsync(cancellationToken))
        .ToLookup(s => s.ChannelId, s => s.StreamId);
}
