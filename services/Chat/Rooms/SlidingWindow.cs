using StackExchange.Redis;

namespace AeThexLive.Chat.Rooms;

/// <summary>A slot asked of a <see cref="SlidingWindow"/>: when each limit frees one up (null: free now).</summary>
public sealed record WindowSlot(RedisKey Key, string Member, DateTime? FreeAt, DateTime? HigherFreeAt)
{
    /// <summary>Whether the slot was counted (the higher limit had room).</summary>
    public bool Taken => HigherFreeAt is null;
}

/// <summary>
/// Per-user limits over a sliding window, in Redis so every replica counts the same: the last
/// N actions within the window, never the 2N a fixed window lets through across its edge.
/// A caller that only learns later which of two limits applies (chat's ordinary and privileged
/// senders) asks for both at once: the slot is taken while the higher limit has room, and
/// given back if the lower one turns out to apply and is full.
/// </summary>
public sealed class SlidingWindow(IConnectionMultiplexer redis, TimeProvider clock)
{
    private const string Script = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
        local count = redis.call('ZCARD', KEYS[1])
        local function free_at(limit)
          if count < limit then return 0 end
          local entry = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
          return tonumber(entry[2]) + tonumber(ARGV[2])
        end
        local lower, higher = free_at(tonumber(ARGV[3])), free_at(tonumber(ARGV[4]))
        if higher == 0 then
          redis.call('ZADD', KEYS[1], ARGV[1], ARGV[5])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return { lower, higher }
        """;

    public Task<WindowSlot> TakeAsync(RedisKey key, TimeSpan window, int limit) => TakeAsync(key, window, limit, limit);

    public async Task<WindowSlot> TakeAsync(RedisKey key, TimeSpan window, int limit, int higherLimit)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var member = $"{now}:{Guid.NewGuid():N}";
        var freeAt = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [key],
            [now, (long)window.TotalMilliseconds, limit, higherLimit, member]))!;
        return new WindowSlot(key, member, AsTime(freeAt[0]), AsTime(freeAt[1]));

        static DateTime? AsTime(long unixMilliseconds) =>
            unixMilliseconds == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
    }

    /// <summary>An action that was refused after all does not count; nothing waits for Redis to confirm.</summary>
    public void GiveBack(WindowSlot slot)
    {
        if (slot.Taken) redis.GetDatabase().SortedSetRemove(slot.Key, slot.Member, CommandFlags.FireAndForget);
    }
}
