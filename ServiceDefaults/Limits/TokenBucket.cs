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
public readonly record struct BucketAnswer(bool Allowed, TimeSpan RetryAfter, int RefusedBy = -1);

/// <summary>
/// Token buckets in Redis, so every gateway or service instance spends from one budget. The
/// clock is Redis's own (TIME), so instances with drifting clocks still agree. A caller either
/// takes a token when one is there (an ordinary limit), or asks whether one is there and spends
/// later, once it knows the outcome (sign-in failures: only a failed attempt costs). Several
/// buckets are taken together, in one round trip: from all of them, or (one is empty) from none,
/// so a write refused by a stricter budget does not also spend the general one.
/// </summary>
public sealed class TokenBucket(IConnectionMultiplexer redis)
{
    // KEYS: the buckets. ARGV: mode (0 check, 1 take one from each if all have one, 2 spend one even
    // below zero), then burst and refill period in ms per bucket. Returns {wait ms, 1-based refusing bucket}.
    private const string Script = """
        local now = redis.call('TIME')
        local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
        local mode = tonumber(ARGV[1])
        local tokens, wait, refused = {}, 0, 0
        for i, key in ipairs(KEYS) do
          local burst, refill = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
          local state = redis.call('HMGET', key, 't', 'at')
          local t, at = tonumber(state[1]), tonumber(state[2])
          if t == nil then t, at = burst, now_ms end
          t = math.min(burst, t + (now_ms - at) / refill)
          tokens[i] = t
          if t < 1 and math.ceil((1 - t) * refill) > wait then wait, refused = math.ceil((1 - t) * refill), i end
        end
        if mode ~= 0 then
          for i, key in ipairs(KEYS) do
            local burst, refill = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
            local t = tokens[i]
            if mode == 1 and wait == 0 then t = t - 1 end
            if mode == 2 then t = math.max(t - 1, -burst) end
            redis.call('HSET', key, 't', tostring(t), 'at', now_ms)
            redis.call('PEXPIRE', key, math.ceil((burst - t) * refill) + 1000)
          end
        end
        return {wait, refused}
        """;

    public Task<BucketAnswer> TakeAsync(string key, BucketSize size) => RunAsync([(key, size)], 1);

    /// <summary>One token from each bucket, or (one of them is empty) from none; <see cref="BucketAnswer.RefusedBy"/> says which refused.</summary>
    public Task<BucketAnswer> TakeAllAsync(IReadOnlyList<(string Key, BucketSize Size)> buckets) => RunAsync(buckets, 1);

    public Task<BucketAnswer> CheckAsync(string key, BucketSize size) => RunAsync([(key, size)], 0);

    public Task SpendAsync(string key, BucketSize size) => RunAsync([(key, size)], 2);

    private async Task<BucketAnswer> RunAsync(IReadOnlyList<(string Key, BucketSize Size)> buckets, int mode)
    {
        var arguments = new RedisValue[1 + 2 * buckets.Count];
        arguments[0] = mode;
        for (var i = 0; i < buckets.Count; i++)
        {
            arguments[1 + 2 * i] = buckets[i].Size.Burst;
            arguments[2 + 2 * i] = Math.Max(1, (long)buckets[i].Size.RefillEvery.TotalMilliseconds);
        }
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, buckets.Select(b => (RedisKey)b.Key).ToArray(), arguments))!;
        var wait = (long)reply[0];
        return new BucketAnswer(wait == 0, TimeSpan.FromMilliseconds(wait), wait == 0 ? -1 : (int)reply[1] - 1);
    }
}
