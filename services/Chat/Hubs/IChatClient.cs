using System.ComponentModel;
using AeThexLive.Chat.Rooms;

namespace AeThexLive.Chat.Hubs;

/// <summary>
/// What a chat room pushes to the clients that joined it: the hub's events as a compile-time
/// contract (each method is the event's name on the wire, its argument the payload). The
/// descriptions are published in the API documentation.
/// </summary>
public interface IChatClient
{
    [Description("A message was stored and may be shown.")]
    Task MessageReceived(ChatMessageView message);

    [Description("A moderator, the owner or the author removed a message.")]
    Task MessageDeleted(MessageDeletedNotice notice);

    [Description("Someone was banned or timed out (`until` null: for good); their messages of the last minutes are gone too.")]
    Task UserBanned(UserBannedNotice notice);

    [Description("Reactions of the last half second, counted per emoji.")]
    Task ReactionReceived(ReactionCounts counts);

    [Description("A poll opened.")]
    Task PollStarted(PollView poll);

    [Description("New tallies of a running poll, at most four times a second.")]
    Task PollUpdated(PollView poll);

    [Description("A poll closed (on time, by hand, or with its stream), with its final tallies.")]
    Task PollEnded(PollView poll);

    [Description("An on-screen alert: a donation, a subscription, a gift.")]
    Task Alert(AlertView alert);

    [Description("To a signed-in user's every connection, joined to a room or not: a channel they follow went live (the entry in their notifications list).")]
    Task Notification(NotificationPush notification);
}

/// <summary>A new entry in the user's notifications (GET /api/users/me/notifications lists the same, by the same id).</summary>
public sealed record NotificationPush(
    Guid Id, string Kind, Guid ChannelId, string ChannelSlug, string ChannelName, Guid StreamId, string Title, DateTime CreatedAt);

public sealed record MessageDeletedNotice(Guid MessageId, Guid StreamId);

public sealed record UserBannedNotice(Guid UserId, string Username, string? Reason, DateTime? Until, IReadOnlyList<Guid> RemovedMessageIds);

public sealed record ReactionCounts(Guid StreamId, IReadOnlyDictionary<string, int> Counts);

/// <summary>
/// An on-screen alert for a channel's live room: who did what, for how much. Tournament alerts
/// (tournament_started, match_completed, tournament_ended) also name the tournament, and for
/// this channel its opponent and whether it won, or its final placement. A subscription someone gifted names the gifter in
/// <see cref="GiftedBy"/> (From is the recipient), so the room does not read a gifted month as the viewer's own.
/// </summary>
public sealed record AlertView(
    string Type, Guid ChannelId, string From, long? AmountCents, string? Currency, string? Tier, int? Count, string? Message, DateTime At,
    Guid? TournamentId = null, string? Tournament = null, string? Opponent = null, bool? Won = null, int? Placement = null,
    string? GiftedBy = null);
