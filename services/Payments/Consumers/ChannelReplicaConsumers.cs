using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using MassTransit;

namespace AeThexLive.Payments.Consumers;

/// <summary>A new channel can be paid: Payments learns its slug and owner.</summary>
public sealed class ChannelCreatedConsumer(PaymentsDbContext db) : InboxConsumer<ChannelCreated, PaymentsDbContext>(db)
{
    protected override Task HandleAsync(ChannelCreated message, ConsumeContext<ChannelCreated> context) =>
        ReplicaWriter.ApplyChannelAsync(Db, message.ChannelId, message.OwnerId, message.Slug, message.Name, message.CreatedAt,
            context.CancellationToken);
}

/// <summary>A channel's details changed: the copy follows, unless it already reflects a later change.</summary>
public sealed class ChannelUpdatedConsumer(PaymentsDbContext db) : InboxConsumer<ChannelUpdated, PaymentsDbContext>(db)
{
    protected override Task HandleAsync(ChannelUpdated message, ConsumeContext<ChannelUpdated> context) =>
        ReplicaWriter.ApplyChannelAsync(Db, message.ChannelId, message.OwnerId, message.Slug, message.Name, message.UpdatedAt,
            context.CancellationToken);
}

/// <summary>A broadcast began: donations may name it.</summary>
public sealed class StreamStartedConsumer(PaymentsDbContext db) : InboxConsumer<StreamStarted, PaymentsDbContext>(db)
{
    protected override async Task HandleAsync(StreamStarted message, ConsumeContext<StreamStarted> context)
    {
        if (await Db.StreamReplicas.FindAsync([message.StreamId], context.CancellationToken) is null)
        {
            Db.StreamReplicas.Add(new BroadcastReplica(message.StreamId, message.ChannelId, message.StartedAt));
        }
    }
}
