using AeThexLive.Contracts.Streaming;
using AeThexLive.Messaging;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AeThexLive.Streaming.Notifications;

/// <summary>
/// One batch of a broadcast's go-live fan-out, in one transaction: the next followers by id get their
/// in-app notification, and the batch's events (the push for Chat, the emails for Identity) are queued
/// in the outbox with the rows and the fan-out's progress. A batch either happened with its events or
/// not at all, so a crash mid-way repeats nothing that committed; the unique (user, broadcast) key makes
/// even a repeated batch insert nothing twice. Batches are short, so a channel with 100,000 followers
/// takes many small transactions rather than one long one that would hold rows and a connection.
/// </summary>
public sealed class FollowerFanout(StreamingDbContext db, UnsubscribeTokens tokens, IOptions<NotificationOptions> options, TimeProvider clock)
{
    private sealed record Follower(Guid UserId, bool Bell);

    /// <returns>True when the fan-out has more to do; false when it is complete, or another instance holds it right now.</returns>
    public async Task<bool> RunBatchAsync(Guid streamId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var fanout = (await db.GoLiveFanouts
            .FromSql($"SELECT * FROM go_live_fanouts WHERE stream_id = {streamId} AND completed_at IS NULL FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (fanout is null) return false;

        var batchSize = options.Value.BatchSize;
        var followers = await NextFollowersAsync(fanout, batchSize, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (followers.Count == 0)
        {
            fanout.Complete(now);
        }
        else
        {
            var notified = await InsertAsync(fanout, followers, now, cancellationToken);
            if (notified.Count > 0)
            {
                db.AddEvent(new FollowersNotified(fanout.StreamId, fanout.ChannelId, fanout.ChannelSlug, fanout.ChannelName, fanout.Title,
                    fanout.StartedAt, now, notified.Select(n => new FollowerNotice(n.Key, n.Value)).ToList()));
                var mailed = followers.Where(f => f.Bell && notified.ContainsKey(f.UserId))
                    .Select(f => new GoLiveRecipient(f.UserId, tokens.Issue(f.UserId, fanout.ChannelId))).ToList();
                if (mailed.Count > 0)
                {
                    db.AddEvent(new GoLiveEmailsDue(fanout.StreamId, fanout.ChannelId, fanout.ChannelSlug, fanout.ChannelName, fanout.Title,
                        fanout.StartedAt, mailed));
                }
            }
            fanout.Advance(followers[^1].UserId, notified.Count, last: followers.Count < batchSize, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fanout.CompletedAt is null;
    }

    /// <summary>The fan-outs still to do, oldest broadcast first.</summary>
    public Task<List<Guid>> PendingAsync(int limit, CancellationToken cancellationToken) =>
        db.GoLiveFanouts.AsNoTracking().Where(f => f.CompletedAt == null).OrderBy(f => f.StartedAt)
            .Select(f => f.StreamId).Take(limit).ToListAsync(cancellationToken);

    private async Task<List<Follower>> NextFollowersAsync(GoLiveFanout fanout, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = Command("""
            SELECT follower_id, notification_enabled FROM followers
            WHERE channel_id = @channel AND follower_id > @after
            ORDER BY follower_id
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("channel", fanout.ChannelId);
        command.Parameters.AddWithValue("after", fanout.AfterFollowerId);
        command.Parameters.AddWithValue("limit", batchSize);
        var followers = new List<Follower>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) followers.Add(new Follower(reader.GetGuid(0), reader.GetBoolean(1)));
        return followers;
    }

    /// <returns>The followers this batch notified (user id → notification id): all of them, unless some already were.</returns>
    private async Task<Dictionary<Guid, Guid>> InsertAsync(GoLiveFanout fanout, List<Follower> followers, DateTime now,
        CancellationToken cancellationToken)
    {
        await using var command = Command("""
            INSERT INTO notifications (id, user_id, kind, channel_id, channel_slug, channel_name, stream_id, title, created_at)
            SELECT n.id, n.user_id, @kind, @channel, @slug, @name, @stream, @title, @now
            FROM unnest(@ids, @users) AS n(id, user_id)
            ON CONFLICT (user_id, stream_id) DO NOTHING
            RETURNING user_id, id
            """);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
        {
            Value = followers.Select(_ => Guid.CreateVersion7(now)).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("users", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = followers.Select(f => f.UserId).ToArray() });
        command.Parameters.AddWithValue("kind", NotificationKinds.GoLive);
        command.Parameters.AddWithValue("channel", fanout.ChannelId);
        command.Parameters.AddWithValue("slug", fanout.ChannelSlug);
        command.Parameters.AddWithValue("name", fanout.ChannelName);
        command.Parameters.AddWithValue("stream", fanout.StreamId);
        command.Parameters.AddWithValue("title", fanout.Title);
        command.Parameters.Add(SqlTimestamp.Of(now, "now"));
        var notified = new Dictionary<Guid, Guid>(followers.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) notified[reader.GetGuid(0)] = reader.GetGuid(1);
        return notified;
    }

    private NpgsqlCommand Command(string sql) => new(sql, (NpgsqlConnection)db.Database.GetDbConnection(),
        (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
}
