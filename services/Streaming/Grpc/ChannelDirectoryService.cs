using AeThexLive.Contracts.Grpc.Streaming;
using AeThexLive.Streaming.Data;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using ChannelEntity = AeThexLive.Streaming.Domain.Channel;
using ChannelMessage = AeThexLive.Contracts.Grpc.Streaming.Channel;

namespace AeThexLive.Streaming.Grpc;

/// <summary>Answers other services' questions about channels from Streaming's own, current rows.</summary>
public sealed class ChannelDirectoryService(StreamingDbContext db) : ChannelDirectory.ChannelDirectoryBase
{
    public override async Task<ChannelMessage> GetChannel(GetChannelRequest request, ServerCallContext context)
    {
        var channels = db.Channels.AsNoTracking();
        ChannelEntity? channel;
        switch (request.KeyCase)
        {
            case GetChannelRequest.KeyOneofCase.Id:
                if (!Guid.TryParse(request.Id, out var id))
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "id is not a UUID."));
                channel = await channels.FirstOrDefaultAsync(c => c.Id == id, context.CancellationToken);
                break;
            case GetChannelRequest.KeyOneofCase.Slug when !string.IsNullOrWhiteSpace(request.Slug):
                var slug = request.Slug.Trim().ToLowerInvariant();
                channel = await channels.FirstOrDefaultAsync(c => c.Slug == slug, context.CancellationToken);
                break;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Give the channel's id or slug."));
        }

        return channel is null
            ? throw new RpcException(new Status(StatusCode.NotFound, "No channel has that id or slug."))
            : ToMessage(channel);
    }

    private static ChannelMessage ToMessage(ChannelEntity channel) => new()
    {
        Id = channel.Id.ToString(),
        OwnerId = channel.UserId.ToString(),
        Slug = channel.Slug,
        Name = channel.Name,
        Category = channel.Category ?? "",
        Language = channel.Language ?? "",
        IsLive = channel.IsLive,
        FollowerCount = channel.FollowerCount,
        TotalViews = channel.TotalViews,
        CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(channel.CreatedAt, DateTimeKind.Utc)),
    };
}
