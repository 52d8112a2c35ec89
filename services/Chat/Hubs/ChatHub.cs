using AeThexLive.Chat.Endpoints;
using AeThexLive.Chat.Rooms;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AeThexLive.Chat.Hubs;

/// <summary>
/// /hubs/chat: anyone may join a stream's room and read; signed-in users send. The sender is
/// always the token's user: nothing in a payload can claim to be someone else. A refused
/// message fails only that call (HubException); the connection and the room carry on.
/// </summary>
public sealed class ChatHub(ChatRoom room, PollBox polls, Reactions reactions) : Hub<IChatClient>
{
    public Task JoinStream(Guid streamId) => Groups.AddToGroupAsync(Context.ConnectionId, ChatRoom.RoomName(streamId));

    public Task LeaveStream(Guid streamId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, ChatRoom.RoomName(streamId));

    [Authorize]
    public async Task<ChatMessageView> SendMessage(Guid streamId, string? text)
    {
        var user = Context.User!;
        var result = await room.PostAsync(streamId, user.UserId(), user.Username(), text, Context.ConnectionAborted);
        return result.Outcome is PostOutcome.Posted or PostOutcome.Held ? result.Message! : throw new HubException(result.Error);
    }

    [Authorize]
    public async Task SendReaction(Guid streamId, string? emoji)
    {
        var outcome = await reactions.ReactAsync(streamId, Context.User!.UserId(), emoji, Context.ConnectionAborted);
        if (outcome != ReactionOutcome.Counted) throw new HubException(ReactionsApi.Describe(outcome));
    }

    [Authorize]
    public async Task Vote(Guid pollId, Guid optionId)
    {
        var outcome = await polls.VoteAsync(pollId, Context.User!.UserId(), optionId, Context.ConnectionAborted);
        if (outcome != VoteOutcome.Counted)
        {
            throw new HubException(outcome switch
            {
                VoteOutcome.PollNotFound => "No such poll.",
                VoteOutcome.Closed => "The poll has ended.",
                _ => "That option is not part of this poll.",
            });
        }
    }
}
