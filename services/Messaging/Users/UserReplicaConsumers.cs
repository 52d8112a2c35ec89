using AeThexLive.Contracts.Identity;
using MassTransit;

namespace AeThexLive.Messaging.Users;

/// <summary>A new account: the service's copy of users gains it.</summary>
public sealed class UserRegisteredReplicaConsumer<TDbContext>(TDbContext db) : InboxConsumer<UserRegistered, TDbContext>(db)
    where TDbContext : MessagingDbContext
{
    protected override Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context) =>
        UserReplicaWriter.ApplyAsync(Db, message.UserId, message.Username, message.DisplayName, message.RegisteredAt, context.CancellationToken);
}

/// <summary>A renamed user: the service's copy follows, unless it already reflects a later change.</summary>
public sealed class UserProfileUpdatedReplicaConsumer<TDbContext>(TDbContext db) : InboxConsumer<UserProfileUpdated, TDbContext>(db)
    where TDbContext : MessagingDbContext
{
    protected override Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context) =>
        UserReplicaWriter.ApplyAsync(Db, message.UserId, message.Username, message.DisplayName, message.UpdatedAt, context.CancellationToken);
}
