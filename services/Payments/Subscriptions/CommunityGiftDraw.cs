using AeThexLive.Payments.Data;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Payments.Subscriptions;

/// <summary>
/// Who may receive a community gift's subscriptions, as Twitch draws them: signed-in viewers of the live stream other than
/// the gifter and the channel's owner, with no live subscription to the channel, not banned from it, and known to Payments
/// (their name is kept with the gift). The draw is random, made once at checkout.
/// </summary>
internal static class CommunityGiftDraw
{
    public static async Task<List<(Guid UserId, string Username)>> EligibleAsync(PaymentsDbContext db, Guid channelId, Guid ownerId,
        Guid gifterId, IReadOnlyList<Guid> viewers, DateTime now, CancellationToken cancellationToken)
    {
        var others = viewers.Where(v => v != gifterId && v != ownerId).Distinct().ToList();
        var subscribed = await db.LiveSubscriptions(channelId).Where(s => others.Contains(s.SubscriberId)).Select(s => s.SubscriberId)
            .ToListAsync(cancellationToken);
        var banned = await db.ChannelBans.Where(b => b.ChannelId == channelId && others.Contains(b.UserId) && !b.IsLifted
                && (b.BannedUntil == null || b.BannedUntil > now)).Select(b => b.UserId).ToListAsync(cancellationToken);
        var known = await db.UserReplicas.AsNoTracking().Where(u => others.Contains(u.UserId)).Select(u => new { u.UserId, u.Username })
            .ToListAsync(cancellationToken);
        return [.. known.Where(u => !subscribed.Contains(u.UserId) && !banned.Contains(u.UserId)).Select(u => (u.UserId, u.Username))];
    }

    public static List<(Guid UserId, string Username)> Draw(List<(Guid UserId, string Username)> eligible, int quantity)
    {
        var order = eligible.ToArray();
        Random.Shared.Shuffle(order);
        return [.. order.Take(quantity)];
    }
}
