using AeThexLive.Contracts.Identity;
using AeThexLive.Messaging;
using AeThexLive.Payments.Data;
using AeThexLive.Payments.Domain;
using MassTransit;

namespace AeThexLive.Payments.Consumers;

/// <summary>Keeps user_replicas in step with Identity: adds the new user, or refreshes a copy that is already there.</summary>
public sealed class UserRegisteredConsumer(PaymentsDbContext db) : InboxConsumer<UserRegistered, PaymentsDbContext>(db)
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
