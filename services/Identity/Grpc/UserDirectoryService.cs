using AeThexLive.Contracts.Grpc.Identity;
using AeThexLive.Identity.Data;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using UserEntity = AeThexLive.Identity.Domain.User;
using UserMessage = AeThexLive.Contracts.Grpc.Identity.User;

namespace AeThexLive.Identity.Grpc;

/// <summary>Other services ask Identity about users here instead of reading identitydb.</summary>
public sealed class UserDirectoryService(IdentityDbContext db) : UserDirectory.UserDirectoryBase
{
    private const int MaxBatch = 500;

    public override async Task<UserMessage> GetUser(GetUserRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.Id, out var id)) throw new RpcException(new Status(StatusCode.InvalidArgument, "id is not a UUID."));
        var user = await Users().SingleOrDefaultAsync(u => u.Id == id, context.CancellationToken);
        return user is null
            ? throw new RpcException(new Status(StatusCode.NotFound, "No user has that id."))
            : ToMessage(user);
    }

    public override async Task<UsersReply> GetUsers(GetUsersRequest request, ServerCallContext context)
    {
        if (request.Ids.Count > MaxBatch) throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxBatch} ids at once."));
        var ids = new List<Guid>(request.Ids.Count);
        foreach (var text in request.Ids)
        {
            if (!Guid.TryParse(text, out var id)) throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{text}' is not a UUID."));
            ids.Add(id);
        }
        var users = await Users().Where(u => ids.Contains(u.Id)).ToListAsync(context.CancellationToken);
        return Reply(users);
    }

    public override async Task<UsersReply> ResolveUsernames(ResolveUsernamesRequest request, ServerCallContext context)
    {
        if (request.Usernames.Count > MaxBatch) throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {MaxBatch} usernames at once."));
        var names = request.Usernames.Select(n => n.Trim().ToLowerInvariant()).Distinct().ToList();
        var users = await Users().Where(u => names.Contains(u.Username)).ToListAsync(context.CancellationToken);
        return Reply(users);
    }

    private IQueryable<UserEntity> Users() => db.Users.AsNoTracking().Include(u => u.GrantedRoles);

    private static UsersReply Reply(IEnumerable<UserEntity> users)
    {
        var reply = new UsersReply();
        reply.Users.AddRange(users.Select(ToMessage));
        return reply;
    }

    private static UserMessage ToMessage(UserEntity user)
    {
        var message = new UserMessage
        {
            Id = user.Id.ToString(),
            Username = user.Username,
            DisplayName = user.DisplayName ?? "",
            AvatarUrl = user.AvatarUrl ?? "",
            IsCreator = user.IsCreator,
            Verified = user.Verified,
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(user.CreatedAt, DateTimeKind.Utc)),
        };
        message.Roles.AddRange(user.Roles);
        return message;
    }
}
