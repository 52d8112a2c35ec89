using AeThexLive.Contracts.Grpc.Identity;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace AeThexLive.EndToEnd.Tests;

/// <summary>Identity's gRPC directory, which other services use instead of reading identitydb.</summary>
[Collection(PlatformCollection.Name)]
public sealed class UserDirectoryTests(PlatformFixture platform)
{
    [Fact]
    public async Task Users_are_found_by_id_in_batches_and_by_username()
    {
        using var gateway = platform.CreateGatewayClient();
        var first = await Accounts.RegisterAndLoginAsync(gateway);
        var second = await Accounts.RegisterAndLoginAsync(gateway);
        using var channel = GrpcChannel.ForAddress(platform.App.GetEndpoint("identity", "grpc"));
        var directory = new UserDirectory.UserDirectoryClient(channel);

        var one = await directory.GetUserAsync(new GetUserRequest { Id = first.Id.ToString() });
        Assert.Equal(first.Username, one.Username);
        Assert.Empty(one.Roles);

        var batch = await directory.GetUsersAsync(new GetUsersRequest { Ids = { first.Id.ToString(), second.Id.ToString(), Guid.NewGuid().ToString() } });
        Assert.Equal(new[] { first.Username, second.Username }.Order(), batch.Users.Select(u => u.Username).Order());

        var resolved = await directory.ResolveUsernamesAsync(new ResolveUsernamesRequest { Usernames = { second.Username.ToUpperInvariant(), "nobody_has_this_name" } });
        Assert.Equal(second.Id.ToString(), Assert.Single(resolved.Users).Id);

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await directory.GetUserAsync(new GetUserRequest { Id = Guid.NewGuid().ToString() }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var malformed = await Assert.ThrowsAsync<RpcException>(async () => await directory.GetUserAsync(new GetUserRequest { Id = "not-a-uuid" }));
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
    }
}
