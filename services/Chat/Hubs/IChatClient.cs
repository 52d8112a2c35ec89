using AeThexLive.Chat.Rooms;

namespace AeThexLive.Chat.Hubs;

/// <summary>
/// What a chat room pushes to the clients that joined it: the hub's events as a compile-time
/// contract (each method is the event's name on the wire, its argument the payload).
/// </summary>
public interface IChatClient
{
    /// <summary>A message was stored and may be shown.</summary>
    Task MessageReceived(ChatMessageView message);

    /// <summary>A moderator, the owner or the author removed a message.</summary>
    Task MessageDeleted(MessageDeletedNotice notice);

    /// <summary>Someone was banned or timed out; their messages of the last minutes are gone too.</summary>
    Task UserBanned(UserBannedNotice notice);

    /// <summary>Reactions of the last half second, counted per emoji.</summary>
    Task ReactionReceived(ReactionCounts counts);

    Task PollStarted(PollView poll);

    /// <summary>New tallies, at most four times a second.</summary>
    Task PollUpdated(PollView poll);

    Task PollEnded(PollView poll);

    /// <summary>An on-screen alert: a donation, a subscription, a gift.</summary>
    Task Alert(AlertView alert);
}

public sealed record MessageDeletedNotice(Guid MessageId, Guid StreamId);

public sealed record UserBannedNotice(Guid UserId, string Username, string? Reason, DateTime? Until, IReadOnlyList<Guid> RemovedMessageIds);

public sealed record ReactionCounts(Guid StreamId, IReadOnlyDictionary<string, int> Counts);

/// <summary>An on-screen alert for a channel's live room: who did what, for how much.</summary>
public sealed record AlertView(string Type, Guid ChannelId, string From, long? AmountCents, string? Currency, string? Tier, int? Count, string? Message, DateTime At);
