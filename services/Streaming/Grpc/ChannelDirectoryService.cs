using AeThexLive.Contracts.Grpc.Streaming;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using AeThexLive.Streaming.Live;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using ChannelEntity = AeThexLive.Streaming.Domain.Channel;
using ChannelMessage = AeThexLive.Contracts.Grpc.Streaming.Channel;
using StreamEntity = AeThexLive.Streaming.Domain.Stream;
using StreamMessage = AeThexLive.Contracts.Grpc.Streaming.Stream;

namespace AeThexLive.Streaming.Grpc;

/// <summary>Answers other services' questions about channels and streams from Streaming's own, current rows.</summary>
public sealed class ChannelDirectoryService(StreamingDbContext db, ViewerTracker viewers) : ChannelDirectory.ChannelDirectoryBase
{
    public override async Task<ChannelMessage> GetChannel(GetChannelRequest request, ServerCallContext context)
    {
        var channel = await FindAsync(request, context.CancellationToken);
        return channel is null
            ? throw new RpcException(new Status(StatusCode.NotFound, "No channel has that id or slug."))
            : ToMessage(channel);
    }

    public override async Task<StreamMessage> GetStream(GetStreamRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.Id, out var id)) throw new RpcException(new Status(StatusCode.InvalidArgument, "id is not a UUID."));
        var stream = await db.Streams.AsNoTracking().Include(s => s.Tags).SingleOrDefaultAsync(s => s.Id == id, context.CancellationToken);
        if (stream is null) throw new RpcException(new Status(StatusCode.NotFound, "No stream has that id."));
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == stream.ChannelId, context.CancellationToken);
        return await ToMessageAsync(stream, channel);
    }

    public override async Task<StreamMessage> GetLiveStream(GetChannelRequest request, ServerCallContext context)
    {
        var channel = await FindAsync(request, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No channel has that id or slug."));
        var stream = await db.Streams.AsNoTracking().Include(s => s.Tags)
            .SingleOrDefaultAsync(s => s.ChannelId == channel.Id && s.Status == StreamStatuses.Live, context.CancellationToken);
        return stream is null
            ? throw new RpcException(new Status(StatusCode.NotFound, "The channel is not live."))
            : await ToMessageAsync(stream, channel);
    }

    public override async Task<IsChannelOwnerReply> IsChannelOwner(IsChannelOwnerRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.UserId, out var userId)) throw new RpcException(new Status(StatusCode.InvalidArgument, "user_id is not a UUID."));
        var channel = await FindAsync(request.Channel ?? new GetChannelRequest(), context.CancellationToken);
        return new IsChannelOwnerReply { IsOwner = channel?.IsOwnedBy(userId) ?? false, ChannelId = channel?.Id.ToString() ?? "" };
    }

    public override async Task<SignedInViewers> GetSignedInViewers(GetStreamRequest request, ServerCallContext context)
    {
        if (!Guid.TryParse(request.Id, out var id)) throw new RpcException(new Status(StatusCode.InvalidArgument, "id is not a UUID."));
        var reply = new SignedInViewers();
        reply.UserIds.AddRange((await viewers.SignedInViewersAsync(id)).Select(u => u.ToString()));
        return reply;
    }

    private async Task<ChannelEntity?> FindAsync(GetChannelRequest request, CancellationToken cancellationToken)
    {
        var channels = db.Channels.AsNoTracking();
        switch (request.KeyCase)
        {
            case GetChannelRequest.KeyOneofCase.Id:
                if (!Guid.TryParse(request.Id, out var id)) throw new RpcException(new Status(StatusCode.InvalidArgument, "id is not a UUID."));
                return await channels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
            case GetChannelRequest.KeyOneofCase.Slug when !string.IsNullOrWhiteSpace(request.Slug):
                var slug = request.Slug.Trim().ToLowerInvariant();
                return await channels.FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Give the channel's id or slug."));
        }
    }

    private async Task<StreamMessage> ToMessageAsync(StreamEntity stream, ChannelEntity channel)
    {
        var message = new StreamMessage
        {
            Id = stream.Id.ToString(),
            ChannelId = stream.ChannelId.ToString(),
            OwnerId = channel.UserId.ToString(),
            ChannelSlug = channel.Slug,
            Title = stream.Title,
            Status = stream.Status,
            HlsUrl = stream.HlsUrl ?? "",
            ViewerCount = stream.IsLive ? await viewers.CurrentViewersAsync(stream.Id) : stream.ViewerCount,
            StartedAt = Utc(stream.StartedAt),
            EndedAt = Utc(stream.EndedAt),
        };
        message.Tags.AddRange(stream.Tags.Select(t => t.Tag));
        return message;
    }

    private static Timestamp? Utc(DateTime? at) => at is { } value ? Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;

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
