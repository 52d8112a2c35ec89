using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Consumers;

/// <summary>Keeps <see cref="SubscriberReplica"/> from Payments' subscription events, each applied once (the inbox).</summary>
public static class SubscriberBadges
{
    public static async Task ApplyAsync(ChatDbContext db, Guid subscriptionId, Guid userId, Guid channelId, string tier, bool ended,
        DateTime at, CancellationToken cancellationToken)
    {
        var row = await db.SubscriberReplicas.FirstOrDefaultAsync(s => s.ChannelId == channelId && s.UserId == userId, cancellationToken);
        if (row is null) db.SubscriberReplicas.Add(new SubscriberReplica(userId, channelId, subscriptionId, tier, ended, at));
        else row.Apply(subscriptionId, tier, ended, at);
    }
}

public sealed class SubscriptionStartedBadgeConsumer(ChatDbContext db) : InboxConsumer<SubscriptionStarted, ChatDbContext>(db)
{
    protected override Task HandleAsync(SubscriptionStarted m, ConsumeContext<SubscriptionStarted> context) =>
        SubscriberBadges.ApplyAsync(Db, m.SubscriptionId, m.UserId, m.ChannelId, m.Tier, ended: false, m.StartedAt, context.CancellationToken);
}

public sealed class SubscriptionRenewedBadgeConsumer(ChatDbContext db) : InboxConsumer<SubscriptionRenewed, ChatDbContext>(db)
{
    protected override Task HandleAsync(SubscriptionRenewed m, ConsumeContext<SubscriptionRenewed> context) =>
        SubscriberBadges.ApplyAsync(Db, m.SubscriptionId, m.UserId, m.ChannelId, m.Tier, ended: false, m.RenewedAt, context.CancellationToken);
}

public sealed class SubscriptionEndedBadgeConsumer(ChatDbContext db) : InboxConsumer<SubscriptionEnded, ChatDbContext>(db)
{
    protected override Task HandleAsync(SubscriptionEnded m, ConsumeContext<SubscriptionEnded> context) =>
        SubscriberBadges.ApplyAsync(Db, m.SubscriptionId, m.UserId, m.ChannelId, m.Tier, ended: true, m.EndedAt, context.CancellationToken);
}
