using System.Security.Claims;
using AeThexLive.Messaging.Users;
using AeThexLive.Payments.Domain;
using AeThexLive.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Data;

/// <summary>What a route names (a channel by slug, a user by name, a stream) in Payments' own replicas.</summary>
internal static class PaymentLookups
{
    /// <summary>The channel a route's slug names, matched as slugs are stored (<see cref="StoredSlug"/>).</summary>
    public static Task<ChannelReplica?> FindChannelAsync(this PaymentsDbContext db, string slug, CancellationToken cancellationToken)
    {
        var normalized = StoredSlug(slug);
        return db.ChannelReplicas.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == normalized, cancellationToken);
    }

    /// <summary>A route's slug as slugs are stored: trimmed, lower case.</summary>
    private static string StoredSlug(string slug) => slug.Trim().ToLowerInvariant();

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

    /// <summary>
    /// The channel a purchase names, with what the purchase must check about it in the same round trip: whether Chat's
    /// ban (or time-out) of the buyer there is running at <paramref name="now"/>, and whether <paramref name="streamId"/>
    /// (when given) is one of its streams. A purchase's checks were three queries, each on its own pooled connection.
    /// </summary>
    public static Task<BuyerChannel?> FindChannelForBuyerAsync(this PaymentsDbContext db, string slug, Guid buyerId, DateTime now,
        Guid? streamId, CancellationToken cancellationToken) =>
        ChannelForBuyer(db, StoredSlug(slug), buyerId, now, streamId, cancellationToken);

    // Every donation, gift and subscription starts here: translated once rather than the expression built, and looked
    // up in EF's query cache, on every purchase (a tenth of Payments' CPU per donation in a profile).
    private static readonly Func<PaymentsDbContext, string, Guid, DateTime, Guid?, CancellationToken, Task<BuyerChannel?>> ChannelForBuyer =
        EF.CompileAsyncQuery((PaymentsDbContext db, string storedSlug, Guid buyerId, DateTime now, Guid? streamId, CancellationToken _) =>
            db.ChannelReplicas.AsNoTracking()
                .Where(c => c.Slug == storedSlug)
                .Select(c => new BuyerChannel(c,
                    db.ChannelBans.Any(b => b.ChannelId == c.ChannelId && b.UserId == buyerId && !b.IsLifted
                        && (b.BannedUntil == null || b.BannedUntil > now)),
                    streamId == null || db.StreamReplicas.Any(s => s.StreamId == streamId && s.ChannelId == c.ChannelId)))
                .SingleOrDefault());
}

/// <param name="BuyerBanned">Chat's ban or time-out of the buyer in the channel is running.</param>
/// <param name="StreamOfChannel">The stream the purchase names is the channel's (true when it names none).</param>
internal sealed record BuyerChannel(ChannelReplica Channel, bool BuyerBanned, bool StreamOfChannel);
