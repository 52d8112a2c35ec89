using AeThexLive.Contracts.Grpc.Streaming;
using Grpc.Core;

namespace AeThexLive.Payments.Subscriptions;

/// <summary>A channel's live stream and the signed-in users watching it now.</summary>
public sealed record LiveAudience(Guid StreamId, IReadOnlyList<Guid> SignedInViewers);

/// <summary>Streaming could not be asked (down or restarting): the checkout answers 503, never "not live".</summary>
public sealed class AudienceUnavailableException(Exception inner) : Exception("Streaming could not say who is watching.", inner);

/// <summary>
/// Who a community gift may go to, asked of Streaming over gRPC at checkout: whether the channel is live is a fresh answer
/// there (Payments' stream replica only learns of starts), and only Streaming knows whose heartbeat is recent.
/// </summary>
public sealed class StreamAudience(ChannelDirectory.ChannelDirectoryClient client)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>The channel's live stream and its signed-in viewers, or null when the channel is not live.</summary>
    public async Task<LiveAudience?> OfLiveStreamAsync(Guid channelId, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await client.GetLiveStreamAsync(new GetChannelRequest { Id = channelId.ToString() },
                deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: cancellationToken);
            var viewers = await client.GetSignedInViewersAsync(new GetStreamRequest { Id = stream.Id },
                deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: cancellationToken);
            return new LiveAudience(Guid.Parse(stream.Id), [.. viewers.UserIds.Select(Guid.Parse)]);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException ex)
        {
            throw new AudienceUnavailableException(ex);
        }
    }
}
