using AeThexLive.Chat.Data;
using AeThexLive.Chat.Hubs;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace AeThexLive.Chat.Consumers;

/// <summary>
/// Pushes a go-live notification to every open connection of each follower in the batch (signed-in users
/// only: a connection without a token belongs to nobody). The push happens once the batch is recorded in
/// the inbox, so a redelivered batch shows nobody the same notification twice. A user with nothing open
/// finds it in their list instead: the push is a courtesy, the list is the record.
/// </summary>
public sealed class FollowersNotifiedConsumer(ChatDbContext db, IHubContext<ChatHub, IChatClient> hub)
    : InboxConsumer<FollowersNotified, ChatDbContext>(db)
{
    protected override Task HandleAsync(FollowersNotified message, ConsumeContext<FollowersNotified> context) => Task.CompletedTask;

    protected override async Task AfterCommitAsync(FollowersNotified message, ConsumeContext<FollowersNotified> context)
    {
        // A batch is up to a thousand followers: their pushes go out to the backplane together, not one round trip after another.
        await Task.WhenAll(message.Followers.Select(follower => hub.Clients.User(follower.UserId.ToString()).Notification(
            new NotificationPush(follower.NotificationId, "go_live", message.ChannelId, message.ChannelSlug, message.ChannelName,
                message.StreamId, message.Title, message.NotifiedAt))));
    }
}
