using AeThexLive.Chat.Data;
using AeThexLive.Chat.Domain;
using AeThexLive.Chat.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace AeThexLive.Chat.Rooms;

public enum ReactionOutcome { Counted, NotAllowed, StreamNotFound, StreamNotLive, RateLimited, Banned }

/// <summary>
/// Emoji reactions: an allowed set, 10 per user in any 10 s (a sliding window shared across replicas in Redis),
/// each stored, and sent to the room only as per-emoji counts every half second, so a
/// thousand viewers reacting cost the room two messages a second, not a thousand.
/// </summary>
public sealed class Reactions(ChatDbContext db, ChatAuthority authority, ReactionTally tally, SlidingWindow window, TimeProvider clock)
{
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        "❤️", "😂", "🔥", "👏", "😮", "😢", "🎉", "👍", "💯", "🤯",
    };

    public const int PerWindow = 10;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public async Task<ReactionOutcome> ReactAsync(Guid streamId, Guid userId, string? emoji, CancellationToken cancellationToken)
    {
        if (emoji is null || !Allowed.Contains(emoji)) return ReactionOutcome.NotAllowed;
        var stream = await db.StreamReplicas.AsNoTracking().SingleOrDefaultAsync(s => s.StreamId == streamId, cancellationToken);
        if (stream is null) return ReactionOutcome.StreamNotFound;
        if (!stream.IsLive) return ReactionOutcome.StreamNotLive;
        if ((await authority.BanAsync(stream.ChannelId, userId, clock.GetUtcNow().UtcDateTime, cancellationToken)).Banned) return ReactionOutcome.Banned;

        if (!(await window.TakeAsync($"chat:reactions:{userId}", Window, PerWindow)).Taken) return ReactionOutcome.RateLimited;

        db.ChatReactions.Add(new ChatReaction(Guid.CreateVersion7(), streamId, userId, emoji, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        tally.Add(streamId, emoji);
        return ReactionOutcome.Counted;
    }
}

/// <summary>
/// Reactions counted since the last flush, per stream and emoji (per replica). One lock guards
/// adding and taking: with a concurrent map, a count added to a stream's map just as the flush
/// removed it would be lost.
/// </summary>
public sealed class ReactionTally
{
    private readonly Lock _gate = new();
    private Dictionary<Guid, Dictionary<string, int>> _counts = [];

    public void Add(Guid streamId, string emoji)
    {
        lock (_gate)
        {
            if (!_counts.TryGetValue(streamId, out var counts)) _counts[streamId] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
            counts[emoji] = counts.GetValueOrDefault(emoji) + 1;
        }
    }

    public IReadOnlyList<(Guid StreamId, Dictionary<string, int> Counts)> Take()
    {
        Dictionary<Guid, Dictionary<string, int>> taken;
        lock (_gate)
        {
            if (_counts.Count == 0) return [];
            (taken, _counts) = (_counts, []);
        }
        return [.. taken.Select(pair => (pair.Key, pair.Value))];
    }
}

/// <summary>Every half second, one ReactionReceived per room with the counts since the last one.</summary>
public sealed partial class ReactionFlusher(ReactionTally tally, IHubContext<ChatHub, IChatClient> hub, ILogger<ReactionFlusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (streamId, counts) in tally.Take())
            {
                try
                {
                    await hub.Clients.Group(ChatRoom.RoomName(streamId)).ReactionReceived(new ReactionCounts(streamId, counts));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A backplane hiccup costs one room half a second of counts, not the service.
                    LogFlushFailed(ex, streamId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reaction counts for stream {StreamId} could not be sent")]
    private partial void LogFlushFailed(Exception exception, Guid streamId);
}
