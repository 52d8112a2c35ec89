using AeThexLive.Streaming.Live;
using AeThexLive.TestSupport;
using Microsoft.Extensions.Options;

namespace AeThexLive.Streaming.Tests;

/// <summary>
/// Who Payments may give a community gift to, against a real Redis: the signed-in viewers of a stream whose heartbeat is
/// recent, never anonymous ones or those who stopped watching.
/// </summary>
public sealed class SignedInViewerTests(LocalRedis redis) : IClassFixture<LocalRedis>
{
    [Fact]
    public async Task Only_signed_in_viewers_with_a_recent_heartbeat_are_listed()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var tracker = new ViewerTracker(redis.Connection, Options.Create(new ViewerOptions { Timeout = TimeSpan.FromSeconds(30) }), clock);
        var (stream, early, watching) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await tracker.MarkLiveAsync(stream, Guid.NewGuid());

        await tracker.HeartbeatAsync(stream, $"u:{early}", null);
        clock.Advance(TimeSpan.FromSeconds(40));
        await tracker.HeartbeatAsync(stream, $"u:{watching}", null);
        await tracker.HeartbeatAsync(stream, $"u:{watching}", null);
        await tracker.HeartbeatAsync(stream, $"a:{Guid.NewGuid()}", "203.0.113.7");

        Assert.Equal([watching], await tracker.SignedInViewersAsync(stream));
        Assert.Empty(await tracker.SignedInViewersAsync(Guid.NewGuid()));
    }
}
