using AeThexLive.Competition.Channels;
using AeThexLive.Competition.Data;
using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AeThexLive.Competition.Consumers;

/// <summary>A new channel: its owner may enter it in tournaments, and it gets its top supporters and top chatters boards.</summary>
public sealed class ChannelCreatedConsumer(CompetitionDbContext db, TimeProvider clock) : InboxConsumer<ChannelCreated, CompetitionDbContext>(db)
{
    protected override async Task HandleAsync(ChannelCreated message, ConsumeContext<ChannelCreated> context)
    {
        await ChannelReplicaWriter.ApplyDetailsAsync(Db, message.ChannelId, message.OwnerId, message.Slug, message.Name, message.CreatedAt,
            context.CancellationToken);
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)Db.Database.CurrentTransaction!.GetDbTransaction();
        foreach (var kind in LeaderboardKinds.BuiltIn)
        {
            await ScoreBook.EnsureBuiltInBoardsAsync(connection, transaction, [message.ChannelId], kind, clock.GetUtcNow().UtcDateTime,
                context.CancellationToken);
        }
    }
}

public sealed class ChannelUpdatedConsumer(CompetitionDbContext db) : InboxConsumer<ChannelUpdated, CompetitionDbContext>(db)
{
    protected override Task HandleAsync(ChannelUpdated message, ConsumeContext<ChannelUpdated> context) =>
        ChannelReplicaWriter.ApplyDetailsAsync(Db, message.ChannelId, message.OwnerId, message.Slug, message.Name, message.UpdatedAt,
            context.CancellationToken);
}

/// <summary>A participant's channel shows as live in tournaments while it broadcasts.</summary>
public sealed class StreamStartedConsumer(CompetitionDbContext db) : InboxConsumer<StreamStarted, CompetitionDbContext>(db)
{
    protected override Task HandleAsync(StreamStarted message, ConsumeContext<StreamStarted> context) =>
        ChannelReplicaWriter.ApplyLiveAsync(Db, message.ChannelId, message.OwnerId, message.ChannelSlug, message.ChannelName, true, message.StartedAt,
            context.CancellationToken);
}

public sealed class StreamEndedConsumer(CompetitionDbContext db) : InboxConsumer<StreamEnded, CompetitionDbContext>(db)
{
    protected override Task HandleAsync(StreamEnded message, ConsumeContext<StreamEnded> context) =>
        ChannelReplicaWriter.ApplyLiveAsync(Db, message.ChannelId, message.OwnerId, message.ChannelSlug, message.ChannelSlug, false, message.EndedAt,
            context.CancellationToken);
}
