using AeThexLive.Chat.Data;
using AeThexLive.Chat.Endpoints;
using AeThexLive.Chat.Rooms;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Hubs;

/// <summary>
/// /hubs/chat: anyone may join a stream's room and read; signed-in users send. The sender is
/// always the token's user: nothing in a payload can claim to be someone else. Every call
/// answers a <see cref="HubReply{T}"/>: a refusal (not signed in, too long, banned, too fast)
/// carries a code and a reason, and the connection and the room carry on.
/// </summary>
public sealed class ChatHub(ChatRoom room, PollBox polls, Reactions reactions, ChatDbContext db, TimeProvider clock) : Hub<IChatClient>
{
    // Every viewer joining runs this; a raid is thousands of joins in seconds: translated once.
    private static readonly Func<ChatDbContext, Guid, CancellationToken, Task<Domain.LiveStreamReplica?>> StreamOf =
        EF.CompileAsyncQuery((ChatDbContext db, Guid streamId, CancellationToken _) => db.StreamReplicas.AsNoTracking().SingleOrDefault(s => s.StreamId == streamId));

    public async Task<HubReply<JoinedRoom>> JoinStream(Guid streamId)
    {
        var stream = await StreamOf(db, streamId, Context.ConnectionAborted);
        if (stream is null) return HubReply<JoinedRoom>.Refused("not-found", "No such stream.");
        await Groups.AddToGroupAsync(Context.ConnectionId, ChatRoom.RoomName(streamId), Context.ConnectionAborted);
        var running = await polls.RunningAsync(streamId, Context.ConnectionAborted);
        return HubReply<JoinedRoom>.Done(new JoinedRoom(streamId, stream.IsLive, running));
    }

    public async Task<HubReply<Guid>> LeaveStream(Guid streamId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatRoom.RoomName(streamId), Context.ConnectionAborted);
        return HubReply<Guid>.Done(streamId);
    }

    public async Task<HubReply<ChatMessageView>> SendMessage(Guid streamId, string? text)
    {
        if (Context.User?.UserIdOrNull() is not { } userId) return SignInFirst<ChatMessageView>();
        var result = await room.PostAsync(streamId, userId, Context.User.Username(), text, Context.ConnectionAborted);
        return result.Outcome is PostOutcome.Posted or PostOutcome.Held
            ? HubReply<ChatMessageView>.Done(result.Message!)
            : HubReply<ChatMessageView>.Refused(ChatApi.ProblemType(result), result.Error!, result.Until, clock.GetUtcNow().UtcDateTime);
    }

    public async Task<HubReply<string>> SendReaction(Guid streamId, string? emoji)
    {
        if (Context.User?.UserIdOrNull() is not { } userId) return SignInFirst<string>();
        var outcome = await reactions.ReactAsync(streamId, userId, emoji, Context.ConnectionAborted);
        return outcome == ReactionOutcome.Counted
            ? HubReply<string>.Done(emoji!)
            : HubReply<string>.Refused(ReactionsApi.ProblemType(outcome), ReactionsApi.Describe(outcome));
    }

    public async Task<HubReply<Guid>> Vote(Guid pollId, Guid optionId)
    {
        if (Context.User?.UserIdOrNull() is not { } userId) return SignInFirst<Guid>();
        var outcome = await polls.VoteAsync(pollId, userId, optionId, Context.ConnectionAborted);
        return outcome == VoteOutcome.Counted
            ? HubReply<Guid>.Done(optionId)
            : HubReply<Guid>.Refused(PollsApi.ProblemType(outcome), PollsApi.Describe(outcome));
    }

    private static HubReply<T> SignInFirst<T>() => HubReply<T>.Refused("sign-in-required", "Sign in to take part in the chat.");
}
