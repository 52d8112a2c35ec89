namespace AeThexLive.Competition.Leaderboards;

/// <summary>
/// The Lua scripts that read and write a board's sorted set. Each answers in one round trip
/// from one consistent state of the set, and each first checks the set's ready marker: a nil
/// answer means "not built from PostgreSQL yet". A competition rank is 1 + the number of
/// strictly higher scores: ZCOUNT key (score +inf, O(log N) like everything here (Redis 7.0 has
/// no ZREVRANK … WITHSCORE, so the score comes from ZSCORE or the range itself).
/// </summary>
internal static class RankingScripts
{
    /// <summary>
    /// KEYS: set, ready; ARGV: score, member. Raises the member's score to ARGV[1] (ZADD GT: a
    /// lower or equal value changes nothing, so writes arriving out of order, twice, or again
    /// after a rebuild all end at PostgreSQL's value). Returns {score, higher, total}.
    /// </summary>
    public const string Raise = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return false end
        redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[2])
        local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
        return {score, redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf'), redis.call('ZCARD', KEYS[1])}
        """;

    /// <summary>KEYS: set, ready; ARGV: first, last position. Returns {total, higher than the first, {member, score, …}}.</summary>
    public const string Range = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return false end
        local range = redis.call('ZREVRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')
        local higher = 0
        if #range > 0 then higher = redis.call('ZCOUNT', KEYS[1], '(' .. range[2], '+inf') end
        return {redis.call('ZCARD', KEYS[1]), higher, range}
        """;

    /// <summary>
    /// KEYS: set, ready; ARGV: member, spread. The member and up to spread entries above and
    /// below. Returns {total} when the member has no score, else {total, higher than the first,
    /// {member, score, …}, position of the first}.
    /// </summary>
    public const string Around = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return false end
        local total = redis.call('ZCARD', KEYS[1])
        local position = redis.call('ZREVRANK', KEYS[1], ARGV[1])
        if not position then return {total} end
        local spread = tonumber(ARGV[2])
        local first = position - spread
        if first < 0 then first = 0 end
        local range = redis.call('ZREVRANGE', KEYS[1], first, position + spread, 'WITHSCORES')
        return {total, redis.call('ZCOUNT', KEYS[1], '(' .. range[2], '+inf'), range, first}
        """;

    /// <summary>KEYS: set, ready; ARGV: member. Returns {total} when the member has no score, else {total, higher, score}.</summary>
    public const string Entry = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return false end
        local total = redis.call('ZCARD', KEYS[1])
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score then return {total} end
        return {total, redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf'), score}
        """;

    /// <summary>KEYS: lock; ARGV: token. Releases the rebuild lock only if this rebuild still holds it.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
