using AeThexLive.Contracts.Streaming;
using AeThexLive.Streaming.Data;
using AeThexLive.Streaming.Domain;
using Microsoft.EntityFrameworkCore;
using AeThexLive.Streaming.Notifications;
using Microsoft.Extensions.Options;
using Stream = AeThexLive.Streaming.Domain.Stream;

namespace AeThexLive.Streaming.Live;

public enum PublishRefusal { UnknownKey, Suspended, AlreadyLive }

public sealed record PublishDecision(string? Slug, PublishRefusal? Refusal, Guid? StreamId = null, bool Resumed = false);

/// <summary>
/// What nginx-rtmp's callbacks mean for streams: a valid key starts (or, within the grace
/// period, resumes) the channel's one live stream; a dropped publisher leaves it waiting; the
/// monitor ends it once the grace period passes. Each step is one transaction with its event.
/// </summary>
public sealed partial class IngestLifecycle(
    StreamingDbContext db, ViewerTracker viewers, GoLiveSignal goLive, IOptions<IngestOptions> options, TimeProvider clock,
    ILogger<IngestLifecycle> logger)
{
    /// <summary>Where players start: the stream's playlist, or with the ABR ladder the master playlist of its renditions.</summary>
    private string HlsUrl(string slug) => options.Value.AbrLadder ? $"/hls/{slug}.m3u8" : $"/hls/{slug}/index.m3u8";

    /// <summary>The rendition whose recording is the broadcast's (the source, when the ladder is on).</summary>
    private const string SourceRenditionSuffix = "_src";

    public async Task<PublishDecision> PublishAsync(string key, string clientId, CancellationToken cancellationToken)
    {
        var hash = StreamKeyVault.Hash(key);
        var channelId = await db.StreamKeys.Where(k => k.KeyHash == hash).Select(k => (Guid?)k.ChannelId).SingleOrDefaultAsync(cancellationToken);
        if (channelId is null) return new PublishDecision(null, PublishRefusal.UnknownKey);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The channel row lock serialises publish, publish-done and the monitor for this channel.
        var channel = (await db.Channels.FromSql($"SELECT * FROM channels WHERE id = {channelId.Value} FOR UPDATE").ToListAsync(cancellationToken)).Single();
        if (channel.SuspendedAt is not null) return new PublishDecision(null, PublishRefusal.Suspended);

        var live = await db.Streams.Include(s => s.Tags).Include(s => s.Recordings)
            .SingleOrDefaultAsync(s => s.ChannelId == channel.Id && s.Status == StreamStatuses.Live, cancellationToken);
        if (live is not null && live.DisconnectedAt is null) return new PublishDecision(null, PublishRefusal.AlreadyLive);
        if (live is not null && live.DisconnectedAt + options.Value.ReconnectGrace <= now)
        {
            await EndAsync(channel, live);
            live = null;
        }

        var resumed = live is not null;
        if (live is null)
        {
            live = await db.Streams.Include(s => s.Tags).Include(s => s.Recordings)
                .Where(s => s.ChannelId == channel.Id && s.Status == StreamStatuses.Scheduled)
                .OrderBy(s => s.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (live is null)
            {
                var id = Guid.CreateVersion7();
                live = Stream.StartLive(id, channel.Id, $"{channel.Name} live", $"s_{id:N}", HlsUrl(channel.Slug), now);
                db.Streams.Add(live);
            }
            else
            {
                live.Start(HlsUrl(channel.Slug), now);
            }
            channel.GoLive(now);
            db.AddEvent(new StreamStarted(live.Id, channel.Id, channel.UserId, channel.Slug, channel.Name, live.Title, channel.Category,
                live.Tags.Select(t => t.Tag).ToList(), live.HlsUrl!, now));
            // Followers are told in the background, in batches; only a new broadcast is news to them, never a resumed one.
            db.GoLiveFanouts.Add(new GoLiveFanout(live.Id, channel.Id, channel.Slug, channel.Name, live.Title, now));
        }
        live.Connect(clientId, hash, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await viewers.MarkLiveAsync(live.Id, channel.Id);
        if (!resumed) goLive.Raise();
        LogPublish(channel.Slug, live.Id, resumed);
        return new PublishDecision(channel.Slug, null, live.Id, resumed);
    }

    /// <summary>The publisher left: the stream waits for a reconnect until the grace period has passed.</summary>
    public async Task PublishDoneAsync(string clientId, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.SingleOrDefaultAsync(s => s.Status == StreamStatuses.Live && s.IngestClientId == clientId, cancellationToken);
        if (stream is null || !stream.Disconnect(clientId, clock.GetUtcNow().UtcDateTime)) return;
        await db.SaveChangesAsync(cancellationToken);
        LogDisconnected(stream.Id);
    }

    /// <summary>Whether a publisher may go on: its key must still be the channel's and the channel not suspended.</summary>
    public async Task<bool> MayContinueAsync(string clientId, CancellationToken cancellationToken)
    {
        var current = await db.Streams
            .Where(s => s.Status == StreamStatuses.Live && s.IngestClientId == clientId)
            .Join(db.StreamKeys, s => s.ChannelId, k => k.ChannelId, (s, k) => new { s.IngestKeyHash, k.KeyHash, s.ChannelId })
            .Join(db.Channels, x => x.ChannelId, c => c.Id, (x, c) => new { x.IngestKeyHash, x.KeyHash, c.SuspendedAt })
            .SingleOrDefaultAsync(cancellationToken);
        // Relay connections and callbacks for connections we do not track are not ours to cut.
        if (current is null) return true;
        if (current.IngestKeyHash != current.KeyHash || current.SuspendedAt is not null) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Streams.Where(s => s.Status == StreamStatuses.Live && s.IngestClientId == clientId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.IngestSeenAt, now), cancellationToken);
        return true;
    }

    /// <summary>
    /// A publisher the ingest server has not mentioned for a while (nginx restarted or died
    /// without saying publish-done) counts as disconnected from when it was last heard of,
    /// so the grace period and the end follow as for any drop.
    /// </summary>
    public Task<int> DisconnectSilentAsync(CancellationToken cancellationToken)
    {
        var silentSince = clock.GetUtcNow().UtcDateTime - SilenceLimit;
        return db.Streams
            .Where(s => s.Status == StreamStatuses.Live && s.DisconnectedAt == null && s.IngestSeenAt != null && s.IngestSeenAt < silentSince)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.DisconnectedAt, s => s.IngestSeenAt)
                .SetProperty(s => s.IngestClientId, (string?)null), cancellationToken);
    }

    /// <summary>Three missed on_update calls (nginx sends one every 10 s).</summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(35);

    /// <summary>
    /// Whether a publish of <paramref name="name"/> to the internal application is the relay of
    /// a checked publish: the channel it names (a rendition of it, with the ladder) is live now
    /// with a connected publisher whose key was checked.
    /// </summary>
    public Task<bool> IsRelayOfCheckedPublishAsync(string name, CancellationToken cancellationToken)
    {
        var slug = SlugOf(name);
        return db.Streams.AnyAsync(s => s.Status == StreamStatuses.Live && s.IngestClientId != null && s.DisconnectedAt == null
            && db.Channels.Any(c => c.Id == s.ChannelId && c.Slug == slug && c.SuspendedAt == null), cancellationToken);
    }

    /// <summary>The channel a stream name in the internal application belongs to ("slug", or "slug_720p" with the ladder).</summary>
    private string SlugOf(string name)
    {
        if (!options.Value.AbrLadder) return name;
        var rendition = name.LastIndexOf('_');
        return rendition > 0 ? name[..rendition] : name;
    }

    public async Task RecordDoneAsync(string name, string path, CancellationToken cancellationToken)
    {
        if (options.Value.AbrLadder && !name.EndsWith(SourceRenditionSuffix, StringComparison.Ordinal)) return;
        var slug = SlugOf(name);
        var stream = await db.Streams.Include(s => s.Recordings)
            .Where(s => db.Channels.Any(c => c.Id == s.ChannelId && c.Slug == slug) && s.StartedAt != null)
            .OrderByDescending(s => s.StartedAt).FirstOrDefaultAsync(cancellationToken);
        if (stream is null) return;
        stream.AddRecording(path, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Ends every live stream whose publisher has been gone longer than the grace period.</summary>
    public async Task<int> EndAbandonedAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow().UtcDateTime - options.Value.ReconnectGrace;
        var candidates = await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatuses.Live && s.DisconnectedAt != null && s.DisconnectedAt <= deadline)
            .Select(s => s.ChannelId).ToListAsync(cancellationToken);
        var ended = 0;
        foreach (var channelId in candidates)
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var channel = (await db.Channels.FromSql($"SELECT * FROM channels WHERE id = {channelId} FOR UPDATE").ToListAsync(cancellationToken)).Single();
            var live = await db.Streams.Include(s => s.Recordings)
                .SingleOrDefaultAsync(s => s.ChannelId == channelId && s.Status == StreamStatuses.Live, cancellationToken);
            // Re-checked under the lock: the publisher may have come back meanwhile.
            if (live?.DisconnectedAt is null || live.DisconnectedAt > deadline) continue;
            await EndAsync(channel, live);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await viewers.ForgetAsync(live.Id);
            ended++;
        }
        return ended;
    }

    /// <summary>Ends the stream as of when its publisher left, with its audience figures and recordings.</summary>
    private async Task EndAsync(Channel channel, Stream stream)
    {
        var audience = await viewers.AudienceAsync(stream.Id);
        stream.RecordAudience(0, audience.Peak, audience.Unique, clock.GetUtcNow().UtcDateTime);
        var endedAt = stream.DisconnectedAt ?? clock.GetUtcNow().UtcDateTime;
        stream.End(endedAt);
        channel.GoOffline(endedAt);
        db.AddEvent(new StreamEnded(stream.Id, channel.Id, channel.UserId, channel.Slug, stream.Title, stream.StartedAt!.Value, endedAt,
            stream.DurationSeconds ?? 0, stream.PeakViewers, stream.UniqueViewers, stream.Recordings.Select(r => r.Path).ToList()));
        foreach (var viewer in await viewers.TakeExpiredAsync(stream.Id, everyone: true))
        {
            db.AddEvent(ViewerSessions.Ended(stream, viewer));
        }
        LogEnded(channel.Slug, stream.Id, stream.DurationSeconds ?? 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Slug} is live as stream {StreamId} (resumed: {Resumed})")]
    private partial void LogPublish(string slug, Guid streamId, bool resumed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publisher of stream {StreamId} disconnected; waiting for a reconnect")]
    private partial void LogDisconnected(Guid streamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Slug}'s stream {StreamId} ended after {Seconds} s")]
    private partial void LogEnded(string slug, Guid streamId, int seconds);
}

internal static class ViewerSessions
{
    public static ViewerSessionEnded Ended(Stream stream, ExpiredViewer viewer) => new(
        stream.Id, stream.ChannelId, viewer.ViewerKey,
        viewer.ViewerKey.StartsWith("u:", StringComparison.Ordinal) && Guid.TryParse(viewer.ViewerKey[2..], out var userId) ? userId : null,
        viewer.FirstSeen, viewer.LastSeen, (int)Math.Max(0, (viewer.LastSeen - viewer.FirstSeen).TotalSeconds));
}
