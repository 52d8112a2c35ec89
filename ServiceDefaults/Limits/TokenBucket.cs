using StackExchange.Redis;

namespace AeThexLive.ServiceDefaults.Limits;

/// <summary>A bucket's size and how fast it refills: <see cref="Burst"/> at once, then one more every <see cref="RefillEvery"/>.</summary>
public sealed class BucketSize
{
    public int Burst { get; set; }
    public TimeSpan RefillEvery { get; set; }

    public static BucketSize Of(int burst, TimeSpan refillEvery) => new() { Burst = burst, RefillEvery = refillEvery };

    public bool IsValid => Burst > 0 && RefillEvery > TimeSpan.Zero;

    public override string ToString() => $"{Burst} at once, then one every {RefillEvery.TotalSeconds:0.#} s";
}

/// <summary>What a bucket said: allowed or not, and if not, exactly how long until it would be.</summary>
public readonly record struct BucketAnswer(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Token buckets in Redis, so every gateway or service instance spends from one budget. The
/// clock is Redis's own (TIME), so instances with drifting clocks still agree. A caller either
/// takes a token when one is there (an ordinary limit), or asks whether one is there and spends
/// later, once it knows the outcome (sign-in failures: only a failed attempt costs).
/// </summary>
public sealed class TokenBucket(IConnectionMultiplexer redis)
{
    // ARGV: burst, refill period in ms, mode (0 check, 1 take one if there, 2 spend one even below zero)
    private const string Script = """
        local now = redis.call('TIME')
        local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local burst, refill, mode = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 't', 'at')
        local tokens, at = tonumber(state[1]), tonumber(state[2])
        if tokens == nil then tokens, at = burst, now_ms end
        tokens = math.min(burst, tokens + (now_ms - at) / refill)
        local allowed = tokens >= 1
        if mode == 1 and allowed then tokens = tokens - 1 end
        if mode == 2 then tokens = math.max(tokens - 1, -burst) end
        if mode ~= 0 then
          redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', now_ms)
          redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * refill) + 1000)
        end
        if allowed then return 0 end
        return math.ceil((1 - tokens) * refill)
        """;

    public Task<BucketAnswer> TakeAsync(string key, BucketSize size) => RunAsync(key, size, 1);

    public Task<BucketAnswer> CheckAsync(string key, BucketSize size) => RunAsync(key, size, 0);

    public Task SpendAsync(string key, BucketSize size) => RunAsync(key, size, 2);

    private async Task<BucketAnswer> RunAsync(string key, BucketSize size, int mode)
    {
        var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [(RedisKey)key],
            [size.Burst, Math.Max(1, (long)size.RefillEvery.TotalMilliseconds), mode]);
        return new BucketAnswer(wait == 0, TimeSpan.FromMilliseconds(wait));
    }
}
