using AeThexLive.Contracts.Chat;
using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using MassTransit;

namespace AeThexLive.Payments.Consumers;

/// <summary>A user banned from a channel's chat may not pay that channel until the ban ends.</summary>
public sealed class UserBannedConsumer(PaymentsDbContext db) : InboxConsumer<UserBanned, PaymentsDbContext>(db)
{
    protected override Task HandleAsync(UserBanned message, ConsumeContext<UserBanned> context) =>
        ReplicaWriter.ApplyBanAsync(Db, message.ChannelId, message.UserId, message.Until, lifted: false, message.BannedAt,
            context.CancellationToken);
}

public sealed class UserUnbannedConsumer(PaymentsDbContext db) : InboxConsumer<UserUnbanned, PaymentsDbContext>(db)
{
    protected override Task HandleAsync(UserUnbanned message, ConsumeContext<UserUnbanned> context) =>
        ReplicaWriter.ApplyBanAsync(Db, message.ChannelId, message.UserId, null, lifted: true, message.LiftedAt, context.CancellationToken);
}
