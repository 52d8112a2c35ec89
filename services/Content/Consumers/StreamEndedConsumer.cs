using AeThexLive.Content.Data;
using AeThexLive.Content.Domain;
using AeThexLive.Content.Jobs;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Content.Consumers;

/// <summary>
/// Every ended broadcast becomes a VOD: its row (processing) and its job commit together with the
/// message's inbox record, once per stream (vods.stream_id is unique), and a worker here starts on it.
/// </summary>
public sealed class StreamEndedConsumer(ContentDbContext db, WorkSignal signal, TimeProvider clock) : InboxConsumer<StreamEnded, ContentDbContext>(db)
{
    protected override async Task HandleAsync(StreamEnded message, ConsumeContext<StreamEnded> context)
    {
        if (await Db.Vods.AnyAsync(v => v.StreamId == message.StreamId, context.CancellationToken)) return;
        var vod = Vod.ForBroadcast(message.StreamId, message.ChannelId, message.OwnerId, message.ChannelSlug, message.Title, message.RecordingPaths,
            clock.GetUtcNow().UtcDateTime);
        Db.Vods.Add(vod);
        Db.ProcessingJobs.Add(new ProcessingJob(vod.Id, JobKinds.Vod, null, vod.CreatedAt));
    }

    protected override Task AfterCommitAsync(StreamEnded message, ConsumeContext<StreamEnded> context)
    {
        signal.Notify(JobKinds.Vod);
        return Task.CompletedTask;
    }
}
