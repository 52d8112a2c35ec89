using AeThexLive.Contracts.Grpc.Streaming;
using Grpc.Core;

namespace AeThexLive.Content.Broadcasts;

public sealed record LiveChannel(Guid Id, Guid OwnerId, string Slug, string Name);

public sealed record Broadcast(Guid Id, Guid ChannelId, Guid OwnerId, string ChannelSlug, string Title, bool IsLive, DateTime? StartedAt);

/// <summary>Streaming could not be asked (it is down or restarting): callers answer 503, never a wrong 404.</summary>
public sealed class DirectoryUnavailableException(Exception inner) : Exception("Streaming's channel directory is unavailable.", inner);

/// <summary>
/// Streaming's fresh answers over gRPC: which channel a slug names and who owns it, and whether a
/// stream is live right now (a live clip must never be cut from a broadcast that has ended).
/// </summary>
public sealed class BroadcastDirectory(ChannelDirectory.ChannelDirectoryClient client)
{
    public async Task<LiveChannel?> FindChannelAsync(string slug, CancellationToken cancellationToken)
    {
        var channel = await AskAsync(() => client.GetChannelAsync(new GetChannelRequest { Slug = slug.ToLowerInvariant() },
            cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        return channel is null ? null : new LiveChannel(Guid.Parse(channel.Id), Guid.Parse(channel.OwnerId), channel.Slug, channel.Name);
    }

    public async Task<Broadcast?> FindStreamAsync(Guid streamId, CancellationToken cancellationToken)
    {
        var stream = await AskAsync(() => client.GetStreamAsync(new GetStreamRequest { Id = streamId.ToString() },
            cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        return stream is null
            ? null
            : new Broadcast(Guid.Parse(stream.Id), Guid.Parse(stream.ChannelId), Guid.Parse(stream.OwnerId), stream.ChannelSlug, stream.Title,
                stream.Status == "live", stream.StartedAt?.ToDateTime());
    }

    public async Task<bool> OwnsChannelAsync(Guid channelId, Guid userId, CancellationToken cancellationToken)
    {
        var reply = await AskAsync(() => client.IsChannelOwnerAsync(new IsChannelOwnerRequest
        {
            Channel = new GetChannelRequest { Id = channelId.ToString() },
            UserId = userId.ToString(),
        }, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        return reply?.IsOwner ?? false;
    }

    private static async Task<T?> AskAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return null;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException ex)
        {
            throw new DirectoryUnavailableException(ex);
        }
    }
}
