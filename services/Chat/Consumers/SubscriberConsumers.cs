using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Consumers;

/// <summary>
/// Keeps <see cref="SubscriberReplica"/> from Payments' subscription events, each applied once (the
/// inbox); a row added by an earlier message of the batch is found in the change tracker.
/// </summary>
public static class SubscriberBadges
{
    public static async Task ApplyAsync(ChatDbContext db, Guid subscriptionId, Guid userId, Guid channelId, string tier, bool ended,
        DateTime at, CancellationToken cancellationToken)
    {
        var row = await db.SubscriberReplicas.FindAsync([channelId, userId], cancellationToken);
        if (row is null) db.SubscriberReplicas.Add(new SubscriberReplica(userId, channelId, subscriptionId, tier, ended, at));
        else row.Apply(subscriptionId, tier, ended, at);
    }
}

public sealed class SubscriptionStartedBadgeConsumer(ChatDbContext db) : InboxBatchConsumer<SubscriptionStarted, ChatDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<SubscriptionStarted> messages, CancellationToken cancellationToken)
    {
        foreach (var m in messages)
        {
            await SubscriberBadges.ApplyAsync(Db, m.SubscriptionId, m.UserId, m.ChannelId, m.Tier, ended: false, m.StartedAt, cancellationToken);
        }
    }
}

public sealed class SubscriptionRenewedBadgeConsumer(ChatDbContext db) : InboxBatchConsumer<SubscriptionRenewed, ChatDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<SubscriptionRenewed> messages, CancellationToken cancellationToken)
    {
        foreach (var m in messages)
        {
            await SubscriberBadges.ApplyAsync(Db, m.SubscriptionId, m.UserId, m.ChannelId, m.Tier, ended: false, m.RenewedAt, cancellationToken);
        }
    }
}

public sealed class SubscriptionEndedBadgeConsumer(ChatDbContext db) : InboxBatchConsumer<SubscriptionEnded, ChatDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<SubscriptionEnded> messages, CancellationToken cancellationToken)
    {
        foreach (var m in messages)
        {
            await SubscriberBadges.ApplyAsync(Db, m.SubscriptionId, m.UserId, m.ChannelId, m.Tier, ended: true, m.EndedAt, cancellationToken);
        }
    }
}
