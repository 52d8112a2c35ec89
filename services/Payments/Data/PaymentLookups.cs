using System.Security.Claims;
using AeThexLive.Messaging.Users;
using AeThexLive.Payments.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Data;

/// <summary>What a route names (a channel by slug, a user by name, a stream) in Payments' own replicas.</summary>
internal static class PaymentLookups
{
    public static Task<ChannelReplica?> FindChannelAsync(this PaymentsDbContext db, string slug, CancellationToken cancellationToken)
    {
        var normalized = slug.Trim().ToLowerInvariant();
        return db.ChannelReplicas.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == normalized, cancellationToken);
    }

    /// <summary>Whether the caller may read the channel's money: its owner, or an admin.</summary>
    public static bool ManagesChannel(this ClaimsPrincipal principal, ChannelReplica channel) =>
        channel.OwnerId == principal.UserId() || principal.IsInRole(Roles.Admin);

    /// <summary>The user's subscriptions to the channel that still give access (at most one: a second is refused).</summary>
    public static IQueryable<Subscription> LiveSubscriptions(this PaymentsDbContext db, Guid userId, Guid channelId) =>
        db.LiveSubscriptions(channelId).Where(s => s.SubscriberId == userId);

    /// <summary>The channel's subscriptions that still give access, one per subscriber.</summary>
    public static IQueryable<Subscription> LiveSubscriptions(this PaymentsDbContext db, Guid channelId) =>
        db.Subscriptions.Where(s => s.ChannelId == channelId && SubscriptionStatuses.Live.Contains(s.Status));

    public static Task<UserReplica?> FindUserAsync(this PaymentsDbContext db, string username, CancellationToken cancellationToken)
    {
        var normalized = username.Trim().ToLowerInvariant();
        return db.UserReplicas.AsNoTracking().FirstOrDefaultAsync(u => u.Username == normalized, cancellationToken);
    }

    /// <summary>Whether Chat's ban (or time-out) of the user in the channel is running at <paramref name="now"/>.</summary>
    public static Task<bool> IsBannedAsync(
        this PaymentsDbContext db, Guid channelId, Guid userId, DateTime now, CancellationToken cancellationToken) =>
        db.ChannelBans.AnyAsync(b => b.ChannelId == channelId && b.UserId == userId && !b.IsLifted
            && (b.BannedUntil == null || b.BannedUntil > now), cancellationToken);

    public static Task<bool> IsStreamOfAsync(this PaymentsDbContext db, Guid streamId, Guid channelId, CancellationToken cancellationToken) =>
        db.StreamReplicas.AnyAsync(s => s.StreamId == streamId && s.ChannelId == channelId, cancellationToken);
}
