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
/// shows the same donation twice. Events come in batches (a raid of gifts is one transaction), and
/// a batch's alerts go out in the order they came.
/// </summary>
public abstract class AlertConsumer<TEvent>(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub)
    : InboxBatchConsumer<TEvent, ChatDbContext>(db)
    where TEvent : class
{
    private ILookup<Guid, Guid> _liveStreams = Array.Empty<Guid>().ToLookup(id => id);

    protected abstract AlertView ToAlert(TEvent message);

    protected override async Task HandleAsync(IReadOnlyList<TEvent> messages, CancellationToken cancellationToken) =>
        _liveStreams = await authority.LiveStreamsAsync(messages.Select(m => ToAlert(m).ChannelId).ToHashSet(), cancellationToken);

    protected override async Task AfterCommitAsync(IReadOnlyList<TEvent> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            var alert = ToAlert(message);
            foreach (var streamId in _liveStreams[alert.ChannelId])
            {
                await hub.Clients.Group(ChatRoom.RoomName(streamId)).Alert(alert);
            }
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
