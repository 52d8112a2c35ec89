namespace AeThexLive.Chat.Hubs;

/// <summary>
/// Why a hub call was refused, in words to show and a code to act on (the same codes as the HTTP
/// twins' problem types: "chat-rate-limited", "banned-from-chat", "stream-not-live"…). A refusal is
/// an ordinary answer, not an error: SignalR would dress a thrown one up as "An unexpected error
/// occurred invoking …", and the connection and the room carry on either way.
/// </summary>
public sealed record HubRefusal(string Code, string Reason, int? RetryAfterSeconds = null, DateTime? Until = null);

/// <summary>A hub method's answer: <c>ok</c> with the value, or not ok with the refusal.</summary>
public sealed record HubReply<T>(bool Ok, T? Value, HubRefusal? Refusal)
{
    public static HubReply<T> Done(T value) => new(true, value, null);

    public static HubReply<T> Refused(string code, string reason, DateTime? until = null, DateTime? now = null) =>
        new(false, default, new HubRefusal(code, reason,
            until is { } at && now is { } current ? Math.Max(1, (int)Math.Ceiling((at - current).TotalSeconds)) : null, until));
}

/// <summary>What joining a room tells the viewer at once: whether it is live, and the poll running in it, if any.</summary>
public sealed record JoinedRoom(Guid StreamId, bool IsLive, Rooms.PollView? RunningPoll);
