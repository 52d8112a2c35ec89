using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using MassTransit;

namespace AeThexLive.Chat.Consumers;

/// <summary>A stream went live: its room opens for messages.</summary>
public sealed class StreamStartedConsumer(ChatDbContext db) : InboxConsumer<StreamStarted, ChatDbContext>(db)
{
    protected override async Task HandleAsync(StreamStarted message, ConsumeContext<StreamStarted> context)
    {
        if (await Db.StreamReplicas.FindAsync([message.StreamId], context.CancellationToken) is null)
        {
            Db.StreamReplicas.Add(new LiveStreamReplica(message.StreamId, message.ChannelId, message.OwnerId, message.StartedAt));
        }
    }
}

/// <summary>A stream ended: its room stays readable but takes no more messages.</summary>
public sealed class StreamEndedConsumer(ChatDbContext db) : InboxConsumer<StreamEnded, ChatDbContext>(db)
{
    protected override async Task HandleAsync(StreamEnded message, ConsumeContext<StreamEnded> context)
    {
        var stream = await Db.StreamReplicas.FindAsync([message.StreamId], context.CancellationToken);
        if (stream is null)
        {
            stream = new LiveStreamReplica(message.StreamId, message.ChannelId, message.OwnerId, message.StartedAt);
            Db.StreamReplicas.Add(stream);
        }
        stream.End(message.EndedAt);
    }
}

/// <summary>A new channel: its owner runs its chat.</summary>
public sealed class ChannelCreatedConsumer(ChatDbContext db) : InboxConsumer<ChannelCreated, ChatDbContext>(db)
{
    protected override async Task HandleAsync(ChannelCreated message, ConsumeContext<ChannelCreated> context)
    {
        if (await Db.ChannelReplicas.FindAsync([message.ChannelId], context.CancellationToken) is null)
        {
            Db.ChannelReplicas.Add(new ChannelReplica(message.ChannelId, message.OwnerId, message.Slug));
        }
    }
}

/// <summary>Followers-only mode needs to know who follows and since when.</summary>
public sealed class ChannelFollowedConsumer(ChatDbContext db) : InboxBatchConsumer<ChannelFollowed, ChatDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ChannelFollowed> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (await Db.ChannelFollowers.FindAsync([message.ChannelId, message.UserId], cancellationToken) is null)
            {
                Db.ChannelFollowers.Add(new ChannelFollowerReplica(message.ChannelId, message.UserId, message.FollowedAt));
            }
        }
    }
}

public sealed class ChannelUnfollowedConsumer(ChatDbContext db) : InboxBatchConsumer<ChannelUnfollowed, ChatDbContext>(db)
{
    protected override async Task HandleAsync(IReadOnlyList<ChannelUnfollowed> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            if (await Db.ChannelFollowers.FindAsync([message.ChannelId, message.UserId], cancellationToken) is { } follower
                && follower.FollowedAt <= message.UnfollowedAt)
            {
                Db.ChannelFollowers.Remove(follower);
            }
        }
    }
}
