using AeThexLive.ServiceDefaults.Limits;
using AeThexLive.TestSupport;

namespace AeThexLive.Messaging.Tests;

/// <summary>The shared token buckets against a real Redis, whose clock they run on.</summary>
public sealed class TokenBucketTests : IClassFixture<LocalRedis>
{
    private readonly TokenBucket _buckets;

    public TokenBucketTests(LocalRedis redis) => _buckets = new TokenBucket(redis.Connection);

    [Fact]
    public async Task Buckets_taken_together_spend_from_all_or_when_one_is_empty_from_none()
    {
        var general = ($"general-{Guid.NewGuid():N}", BucketSize.Of(5, TimeSpan.FromMinutes(1)));
        var strict = ($"strict-{Guid.NewGuid():N}", BucketSize.Of(2, TimeSpan.FromMinutes(1)));

        Assert.True((await _buckets.TakeAllAsync([general, strict])).Allowed);
        Assert.True((await _buckets.TakeAllAsync([general, strict])).Allowed);
        var refused = await _buckets.TakeAllAsync([general, strict]);

        Assert.False(refused.Allowed);
        Assert.Equal(1, refused.RefusedBy);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        // The refused write took nothing from the general budget: three of its five are left.
        for (var i = 0; i < 3; i++) Assert.True((await _buckets.TakeAsync(general.Item1, general.Item2)).Allowed);
        var empty = await _buckets.TakeAsync(general.Item1, general.Item2);
        Assert.False(empty.Allowed);
        Assert.Equal(0, empty.RefusedBy);
    }

    [Fact]
    public async Task A_bucket_refills_one_token_per_period_and_a_check_spends_nothing()
    {
        var key = $"refill-{Guid.NewGuid():N}";
        var size = BucketSize.Of(1, TimeSpan.FromMilliseconds(300));

        Assert.True((await _buckets.CheckAsync(key, size)).Allowed);
        Assert.True((await _buckets.TakeAsync(key, size)).Allowed);
        var dry = await _buckets.TakeAsync(key, size);
        Assert.False(dry.Allowed);
        Assert.InRange(dry.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(300));

        await Task.Delay(dry.RetryAfter + TimeSpan.FromMilliseconds(50));
        Assert.True((await _buckets.TakeAsync(key, size)).Allowed);
    }
}
