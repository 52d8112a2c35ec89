using AeThexLive.Contracts.Identity;
using AeThexLive.Messaging;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using MassTransit;

namespace AeThexLive.Streaming.Consumers;

/// <summary>Keeps user_replicas in step with Identity: adds the new user, or refreshes a copy that is already there.</summary>
public sealed class UserRegisteredConsumer(StreamingDbContext db) : InboxConsumer<UserRegistered, StreamingDbContext>(db)
{
    protected override Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context) =>
        UserReplicas.UpsertAsync(Db, message.UserId, message.Username, message.DisplayName, message.RegisteredAt, context.CancellationToken);
}

/// <summary>A renamed display name reaches follower lists.</summary>
public sealed class UserProfileUpdatedConsumer(StreamingDbContext db) : InboxConsumer<UserProfileUpdated, StreamingDbContext>(db)
{
    protected override Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context) =>
        UserReplicas.UpsertAsync(Db, message.UserId, message.Username, message.DisplayName, message.UpdatedAt, context.CancellationToken);
}

internal static class UserReplicas
{
    /// <summary>Adds the user's copy or applies the change to it; an older change than the copy's is ignored.</summary>
    public static async Task UpsertAsync(StreamingDbContext db, Guid userId, string username, string? displayName, DateTime at, CancellationToken cancellationToken)
    {
        var replica = await db.UserReplicas.FindAsync([userId], cancellationToken);
        if (replica is null) db.UserReplicas.Add(new UserReplica(userId, username, displayName, at));
        else replica.Apply(username, displayName, at);
    }
}
