using System.Globalization;
using StackExchange.Redis;

namespace AeThexLive.Competition.Leaderboards;

public sealed record RankedUser(Guid UserId, long Score, long Rank);

/// <summary>A slice of a board, best first; <see cref="Position"/> is the 0-based place of its first item.</summary>
public sealed record RankedSlice(long Total, long Position, IReadOnlyList<RankedUser> Items);

/// <summary>Where a user stands: competition rank, score, and how many entries the board has.</summary>
public sealed record Standing(long Rank, long Score, long Total)
{
    /// <summary>Share of entries whose score is at most this one, in percent: 100 for the top, 100/N for a lone last place.</summary>
    public double Percentile => Total == 0 ? 0 : Math.Round(100.0 * (Total - (Rank - 1)) / Total, 2);
}

/// <summary>Thrown when a board's ranking cannot be read from Redis in time; the API answers 503.</summary>
public sealed class RankingsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Ranks from a board's Redis sorted set, each read one script call. A set that is not marked
/// as built from PostgreSQL is rebuilt before it is read, so a flushed Redis answers the same
/// ranks as before once the rebuild is done.
/// </summary>
public sealed class Rankings(IConnectionMultiplexer redis, RankingRebuilder rebuilder)
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<RankedSlice> TopAsync(RankingKey key, long offset, int count, CancellationToken cancellationToken)
    {
        var reply = await EvaluateBuiltAsync(key, RankingScripts.Range, [offset, offset + count - 1], cancellationToken);
        return Slice((long)reply[0], (long)reply[1], (RedisResult[])reply[2]!, offset);
    }

    /// <summary>The user and up to <paramref name="spread"/> entries either side; null if they have no score on the board.</summary>
    public async Task<RankedSlice?> AroundAsync(RankingKey key, Guid userId, int spread, CancellationToken cancellationToken)
    {
        var reply = await EvaluateBuiltAsync(key, RankingScripts.Around, [RankingKey.Member(userId), spread], cancellationToken);
        return reply.Length == 1 ? null : Slice((long)reply[0], (long)reply[1], (RedisResult[])reply[2]!, (long)reply[3]);
    }

    public async Task<Standing?> StandingAsync(RankingKey key, Guid userId, CancellationToken cancellationToken)
    {
        var reply = await EvaluateBuiltAsync(key, RankingScripts.Entry, [RankingKey.Member(userId)], cancellationToken);
        return reply.Length == 1 ? null : new Standing(1 + (long)reply[1], ParseScore(reply[2]), (long)reply[0]);
    }

    /// <summary>Brings the user's score in Redis up to <paramref name="score"/>, PostgreSQL's value, and answers their standing.</summary>
    public async Task<Standing> RaiseAsync(RankingKey key, Guid userId, long score, CancellationToken cancellationToken)
    {
        var reply = await EvaluateBuiltAsync(key, RankingScripts.Raise, [score, RankingKey.Member(userId)], cancellationToken);
        return new Standing(1 + (long)reply[1], ParseScore(reply[0]), (long)reply[2]);
    }

    private async Task<RedisResult[]> EvaluateBuiltAsync(RankingKey key, string script, RedisValue[] arguments, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [key.Set, key.Ready];
        var reply = await Db.ScriptEvaluateAsync(script, keys, arguments);
        if (!reply.IsNull) return (RedisResult[])reply!;

        await rebuilder.EnsureBuiltAsync(key, cancellationToken);
        reply = await Db.ScriptEvaluateAsync(script, keys, arguments);
        return reply.IsNull ? throw new RankingsUnavailableException($"The ranking {key} was not rebuilt in time.") : (RedisResult[])reply!;
    }

    /// <summary>Competition ranks for a slice in score order: 1 + entries above for the first, then equal scores share.</summary>
    private static RankedSlice Slice(long total, long higherThanFirst, RedisResult[] range, long position)
    {
        var items = new List<RankedUser>(range.Length / 2);
        for (var i = 0; i < range.Length; i += 2)
        {
            var score = ParseScore(range[i + 1]);
            var rank = i == 0 ? higherThanFirst + 1 : score == items[^1].Score ? items[^1].Rank : position + i / 2 + 1;
            items.Add(new RankedUser(RankingKey.UserOf((RedisValue)range[i]), score, rank));
        }
        return new RankedSlice(total, position, items);
    }

    private static long ParseScore(RedisResult score) => (long)double.Parse((string)score!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
