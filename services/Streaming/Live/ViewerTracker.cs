using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AeThexLive.Streaming.Live;

public enum HeartbeatOutcome { Counted, NotLive, TooManyFromAddress }

public sealed record HeartbeatResult(HeartbeatOutcome Outcome, int Viewers);

public sealed record ExpiredViewer(string ViewerKey, DateTime FirstSeen, DateTime LastSeen);

public sealed record Audience(int Viewers, int Peak, int Unique);

/// <summary>
/// Who is watching, in Redis so every replica sees the same audience: a sorted set of viewers
/// by last heartbeat, their first-seen times, the set of everyone who watched, the peak, and
/// (for anonymous viewers) the ids each address holds. A heartbeat is one script, so repeats
/// from one viewer only refresh their time and a flood of invented ids from one address is capped.
/// </summary>
public sealed class ViewerTracker(IConnectionMultiplexer redis, IOptions<ViewerOptions> options, TimeProvider clock)
{
    private const string HeartbeatScript = """
        local live = redis.call('GET', KEYS[1])
        if not live then return {-2, 0, 0} end
        if ARGV[4] ~= '' then
          if redis.call('SISMEMBER', KEYS[6], ARGV[1]) == 0 and redis.call('SCARD', KEYS[6]) >= tonumber(ARGV[4]) then
            return {-1, 0, 0}
          end
          redis.call('SADD', KEYS[6], ARGV[1])
          redis.call('PEXPIRE', KEYS[6], ARGV[5])
        end
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2])
        local new = redis.call('SADD', KEYS[4], ARGV[1])
        local count = redis.call('ZCOUNT', KEYS[2], ARGV[3], '+inf')
        local peak = tonumber(redis.call('GET', KEYS[5]) or '0')
        if count > peak then redis.call('SET', KEYS[5], count) end
        if new == 1 then redis.call('INCR', 'channel:' .. live .. ':views-pending') end
        return {count, new, 0}
        """;

    private const string SignedInPrefix = "u:";

    private IDatabase Db => redis.GetDatabase();
    private TimeSpan Timeout => options.Value.Timeout;

    /// <summary>Marks a stream live for heartbeats (the value is its channel).</summary>
    public Task MarkLiveAsync(Guid streamId, Guid channelId) => Db.StringSetAsync(LiveKey(streamId), channelId.ToString());

    public async Task<HeartbeatResult> HeartbeatAsync(Guid streamId, string viewerKey, string? anonymousAddress)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(HeartbeatScript,
            [LiveKey(streamId), ViewersKey(streamId), FirstSeenKey(streamId), SeenKey(streamId), PeakKey(streamId),
             anonymousAddress is null ? $"stream:{streamId}:noaddr" : $"stream:{streamId}:addr:{anonymousAddress}"],
            [viewerKey, now, now - (long)Timeout.TotalMilliseconds, anonymousAddress is null ? "" : options.Value.MaxAnonymousViewersPerAddress,
             (long)(Timeout.TotalMilliseconds * 2)]))!;
        var count = (int)result[0];
        return count switch
        {
            -2 => new HeartbeatResult(HeartbeatOutcome.NotLive, 0),
            -1 => new HeartbeatResult(HeartbeatOutcome.TooManyFromAddress, 0),
            _ => new HeartbeatResult(HeartbeatOutcome.Counted, count),
        };
    }

    public async Task<int> CurrentViewersAsync(Guid streamId)
    {
        var cutoff = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)Timeout.TotalMilliseconds;
        return (int)await Db.SortedSetLengthAsync(ViewersKey(streamId), cutoff, double.PositiveInfinity);
    }

    /// <summary>The signed-in users (viewer keys <c>u:{userId}</c>) whose last heartbeat is within the timeout.</summary>
    public async Task<IReadOnlyList<Guid>> SignedInViewersAsync(Guid streamId)
    {
        var cutoff = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)Timeout.TotalMilliseconds;
        var keys = await Db.SortedSetRangeByScoreAsync(ViewersKey(streamId), cutoff, double.PositiveInfinity);
        return [.. keys.Select(k => (string?)k).Where(k => k is not null && k.StartsWith(SignedInPrefix, StringComparison.Ordinal))
            .Select(k => Guid.TryParse(k![SignedInPrefix.Length..], out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct()];
    }

    public async Task<Audience> AudienceAsync(Guid streamId)
    {
        var viewers = await CurrentViewersAsync(streamId);
        var peak = (int?)await Db.StringGetAsync(PeakKey(streamId)) ?? 0;
        var unique = (int)await Db.SetLengthAsync(SeenKey(streamId));
        return new Audience(viewers, peak, unique);
    }

    /// <summary>
    /// Removes viewers whose last heartbeat is older than the timeout. ZREM decides who owns
    /// each removal, so when several replicas sweep at once every session ends exactly once.
    /// </summary>
    public async Task<IReadOnlyList<ExpiredViewer>> TakeExpiredAsync(Guid streamId, bool everyone = false)
    {
        var cutoff = everyone ? double.PositiveInfinity : clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)Timeout.TotalMilliseconds;
        var stale = await Db.SortedSetRangeByScoreWithScoresAsync(ViewersKey(streamId), double.NegativeInfinity, cutoff, Exclude.Stop);
        var expired = new List<ExpiredViewer>();
        foreach (var entry in stale)
        {
            if (!await Db.SortedSetRemoveAsync(ViewersKey(streamId), entry.Element)) continue;
            var first = (long?)await Db.HashGetAsync(FirstSeenKey(streamId), entry.Element) ?? (long)entry.Score;
            await Db.HashDeleteAsync(FirstSeenKey(streamId), entry.Element);
            expired.Add(new ExpiredViewer(entry.Element!, FromMs(first), FromMs((long)entry.Score)));
        }
        return expired;
    }

    /// <summary>New unique views of a channel since the last call (taken atomically).</summary>
    public async Task<long> TakePendingViewsAsync(Guid channelId) =>
        (long?)await Db.StringGetDeleteAsync($"channel:{channelId}:views-pending") ?? 0;

    /// <summary>True for exactly one caller per stream and minute.</summary>
    public Task<bool> ClaimSampleAsync(Guid streamId, DateTime minute) =>
        Db.StringSetAsync($"stream:{streamId}:sampled:{minute:yyyyMMddHHmm}", 1, TimeSpan.FromMinutes(5), When.NotExists);

    /// <summary>Forgets a stream that ended (after its last sessions were taken).</summary>
    public Task ForgetAsync(Guid streamId) =>
        Db.KeyDeleteAsync([LiveKey(streamId), ViewersKey(streamId), FirstSeenKey(streamId), SeenKey(streamId), PeakKey(streamId)]);

    private static DateTime FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
    private static RedisKey LiveKey(Guid id) => $"stream:{id}:live";
    private static RedisKey ViewersKey(Guid id) => $"stream:{id}:viewers";
    private static RedisKey FirstSeenKey(Guid id) => $"stream:{id}:first";
    private static RedisKey SeenKey(Guid id) => $"stream:{id}:seen";
    private static RedisKey PeakKey(Guid id) => $"stream:{id}:peak";
}
