using AeThexLive.Contracts.Identity;
using AeThexLive.Messaging;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using MassTransit;

namespace AeThexLive.Streaming.Consumers;

/// <summary>Keeps user_replicas in step with Identity: adds the new user, or refreshes a copy that is already there.</summary>
public sealed class UserRegisteredConsumer(StreamingDbContext db) : InboxConsumer<UserRegistered, StreamingDbContext>(db)
{
    protected override async Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context)
    {
        var replica = await Db.UserReplicas.FindAsync([message.UserId], context.CancellationToken);
        if (replica is null)
        {
            Db.UserReplicas.Add(new UserReplica(message.UserId, message.Username, message.DisplayName, message.RegisteredAt));
        }
        else
        {
            replica.Apply(message.Username, message.DisplayName, message.RegisteredAt);
        }
    }
}
