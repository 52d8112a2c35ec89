using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Messaging.Users;

/// <summary>
/// Marks a service's DbContext as keeping a copy of users: the model gains <c>user_replicas</c>
/// and <c>AddMessaging</c> subscribes the consumers that keep it in step with Identity.
/// </summary>
public interface IKeepsUserReplicas
{
    DbSet<UserReplica> UserReplicas { get; }
}
