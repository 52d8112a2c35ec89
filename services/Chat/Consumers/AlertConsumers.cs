using AeThexLive.Chat.Data;
using AeThexLive.Chat.Hubs;
using AeThexLive.Chat.Rooms;
using AeThexLive.Contracts.Payments;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Consumers;

/// <summary>
/// Sends an alert to the rooms of the channel's live streams, once per event: the push happens
/// only after this delivery is recorded in the inbox, so a redelivery or a failed commit never
/// shows the same donation twice.
/// </summary>
public abstract class AlertConsumer<TEvent>(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub) : InboxConsumer<TEvent, ChatDbContext>(db)
    where TEvent : class
{
    private List<Guid> _liveStreams = [];

    protected abstract AlertView ToAlert(TEvent message);

    protected override async Task HandleAsync(TEvent message, ConsumeContext<TEvent> context)
    {
        _liveStreams = await authority.LiveStreamsAsync(ToAlert(message).ChannelId, context.CancellationToken);
    }

    protected override async Task AfterCommitAsync(TEvent message, ConsumeContext<TEvent> context)
    {
        var alert = ToAlert(message);
        foreach (var streamId in _liveStreams)
        {
            await hub.Clients.Group(ChatRoom.RoomName(streamId)).Alert(alert);
        }
    }
}

public sealed class DonationAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub) : AlertConsumer<DonationCompleted>(db, authority, hub)
{
    protected override AlertView ToAlert(DonationCompleted m) =>
        new("donation", m.ChannelId, m.DonorName, m.AmountCents, m.Currency, null, null, m.Message, m.CompletedAt);
}

public sealed class SubscriptionAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub) : AlertConsumer<SubscriptionStarted>(db, authority, hub)
{
    protected override AlertView ToAlert(SubscriptionStarted m) =>
        new("subscription", m.ChannelId, m.Username, null, null, m.Tier, null, null, m.StartedAt, GiftedBy: m.GifterName);
}

public sealed class GiftAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub) : AlertConsumer<GiftSent>(db, authority, hub)
{
    protected override AlertView ToAlert(GiftSent m) =>
        new("gift", m.ChannelId, m.SenderName, m.AmountCents, m.Currency, m.Tier, m.Count, m.Message, m.SentAt);
}
