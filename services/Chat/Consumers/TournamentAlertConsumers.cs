using AeThexLive.Chat.Data;
using AeThexLive.Chat.Hubs;
using AeThexLive.Chat.Rooms;
using AeThexLive.Contracts.Competition;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace AeThexLive.Chat.Consumers;

/// <summary>
/// Alerts for an event that concerns several channels at once (a tournament's participants):
/// each channel's live rooms get the alert meant for that channel, once per event, after the
/// delivery is recorded in the inbox, as <see cref="AlertConsumer{TEvent}"/> does for one channel.
/// </summary>
public abstract class ChannelsAlertConsumer<TEvent>(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub)
    : InboxConsumer<TEvent, ChatDbContext>(db)
    where TEvent : class
{
    private List<(AlertView Alert, List<Guid> Rooms)> _deliveries = [];

    protected abstract IEnumerable<AlertView> ToAlerts(TEvent message);

    protected override async Task HandleAsync(TEvent message, ConsumeContext<TEvent> context)
    {
        _deliveries = [];
        foreach (var alert in ToAlerts(message))
        {
            var rooms = await authority.LiveStreamsAsync(alert.ChannelId, context.CancellationToken);
            if (rooms.Count > 0) _deliveries.Add((alert, rooms));
        }
    }

    protected override async Task AfterCommitAsync(TEvent message, ConsumeContext<TEvent> context)
    {
        foreach (var (alert, rooms) in _deliveries)
        {
            foreach (var streamId in rooms)
            {
                await hub.Clients.Group(ChatRoom.RoomName(streamId)).Alert(alert);
            }
        }
    }
}

/// <summary>Every participant's room hears that the tournament has begun.</summary>
public sealed class TournamentStartedAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub)
    : ChannelsAlertConsumer<TournamentStarted>(db, authority, hub)
{
    protected override IEnumerable<AlertView> ToAlerts(TournamentStarted m) => m.Participants.Select(channel =>
        new AlertView("tournament_started", channel.ChannelId, m.Name, null, null, null, m.Participants.Count,
            $"{m.Name} has started with {m.Participants.Count} channels", m.StartedAt, TournamentId: m.TournamentId, Tournament: m.Name));
}

/// <summary>Both sides' rooms hear the result, each told who they played.</summary>
public sealed class MatchCompletedAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub)
    : ChannelsAlertConsumer<MatchCompleted>(db, authority, hub)
{
    protected override IEnumerable<AlertView> ToAlerts(MatchCompleted m)
    {
        var score = m.WinnerScore is { } w && m.LoserScore is { } l ? $" {w}–{l}" : m.Forfeit ? " by forfeit" : "";
        var text = $"{m.Winner.Name} beat {m.Loser.Name}{score} in {m.TournamentName}" + (m.Correction ? " (corrected result)" : "");
        return
        [
            new AlertView("match_completed", m.Winner.ChannelId, m.Winner.Name, null, null, null, null, text, m.CompletedAt,
                TournamentId: m.TournamentId, Tournament: m.TournamentName, Opponent: m.Loser.Name, Won: true),
            new AlertView("match_completed", m.Loser.ChannelId, m.Winner.Name, null, null, null, null, text, m.CompletedAt,
                TournamentId: m.TournamentId, Tournament: m.TournamentName, Opponent: m.Winner.Name, Won: false),
        ];
    }
}

/// <summary>Every participant's room hears who won, and where their own channel placed.</summary>
public sealed class TournamentEndedAlertConsumer(ChatDbContext db, ChatAuthority authority, IHubContext<ChatHub, IChatClient> hub)
    : ChannelsAlertConsumer<TournamentEnded>(db, authority, hub)
{
    protected override IEnumerable<AlertView> ToAlerts(TournamentEnded m)
    {
        var champion = m.Placements.FirstOrDefault(p => p.Placement == 1)?.Channel.Name ?? "";
        return m.Placements.Select(p => new AlertView("tournament_ended", p.Channel.ChannelId, champion, null, null, null, null,
            $"{champion} won {m.Name}", m.EndedAt, TournamentId: m.TournamentId, Tournament: m.Name, Placement: p.Placement));
    }
}
