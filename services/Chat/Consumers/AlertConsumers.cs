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
/// An on-screen alert for a channel's live room: who did what, for how much. Tournament alerts
/// (tournament_started, match_completed, tournament_ended) also name the tournament, and for
/// this channel its opponent and whether it won, or its final placement.
/// </summary>
public sealed record AlertView(
    string Type, Guid ChannelId, string From, long? AmountCents, string? Currency, string? Tier, int? Count, string? Message, DateTime At,
    Guid? TournamentId = null, string? Tournament = null, string? Opponent = null, bool? Won = null, int? Placement = null);

/// <summary>
/// Sends an alert to the rooms of the channel's live streams, once per event: the push happens
/// only after this delivery is recorded in the inbox, so a redelivery or a failed commit never
/// shows the same donation twice.
/// </summary>
public abstract class AlertConsumer<TEvent>(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub> hub) : InboxConsumer<TEvent, ChatDbContext>(db)
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
            await hub.Clients.Group(ChatRoom.RoomName(streamId)).SendAsync("Alert", alert, context.CancellationToken);
        }
    }
}

public sealed class DonationAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub> hub) : AlertConsumer<DonationCompleted>(db, authority, hub)
{
    protected override AlertView ToAlert(DonationCompleted m) =>
        new("donation", m.ChannelId, m.DonorName, m.AmountCents, m.Currency, null, null, m.Message, m.CompletedAt);
}

public sealed class SubscriptionAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub> hub) : AlertConsumer<SubscriptionStarted>(db, authority, hub)
{
    protected override AlertView ToAlert(SubscriptionStarted m) =>
        new("subscription", m.ChannelId, m.Username, null, null, m.Tier, null, null, m.StartedAt);
}

public sealed class GiftAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub> hub) : AlertConsumer<GiftSent>(db, authority, hub)
{
    protected override AlertView ToAlert(GiftSent m) => new("gift", m.ChannelId, m.SenderName, null, null, m.Tier, m.Count, null, m.SentAt);
}
