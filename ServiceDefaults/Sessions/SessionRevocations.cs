using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AeThexLive.ServiceDefaults.Sessions;

/// <summary>
/// Sessions ended before their access tokens expire (a refresh token replayed, a sign-out, a
/// password reset): a sorted set of session ids scored by when their last token expires, plus a
/// channel that announces each one. Identity writes; the gateway keeps the set in memory and
/// refuses those tokens, so no request waits on Identity or Redis to learn it.
/// </summary>
public static class SessionRevocations
{
    internal static readonly RedisKey SetKey = "aethex:revoked-sessions";
    internal static readonly RedisChannel Channel = RedisChannel.Literal("aethex:revoked-sessions");

    /// <summary>Marks the sessions revoked until their tokens could no longer be valid anyway (issued by <paramref name="now"/>, living <paramref name="tokenLifetime"/>).</summary>
    public static async Task RevokeAsync(this IConnectionMultiplexer redis, IReadOnlyCollection<Guid> sessionIds, DateTimeOffset now, TimeSpan tokenLifetime)
    {
        if (sessionIds.Count == 0) return;
        var database = redis.GetDatabase();
        var until = (now + tokenLifetime + PlatformTokens.ClockSkew).ToUnixTimeSeconds();
        await database.SortedSetAddAsync(SetKey, [.. sessionIds.Select(id => new SortedSetEntry(id.ToString("N"), until))]);
        await database.SortedSetRemoveRangeByScoreAsync(SetKey, double.NegativeInfinity, now.ToUnixTimeSeconds());
        foreach (var id in sessionIds) await redis.GetSubscriber().PublishAsync(Channel, $"{id:N}:{until}");
    }
}

/// <summary>The gateway's copy of the revoked sessions: loaded at start, then kept by the announcements.</summary>
public sealed partial class RevokedSessionCache(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RevokedSessionCache> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, long> _revoked = new(StringComparer.Ordinal);

    public bool IsRevoked(string sessionId) =>
        _revoked.TryGetValue(sessionId, out var until) && until > clock.GetUtcNow().ToUnixTimeSeconds();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribe first, then load: a revocation announced in between is in one or the other.
        var subscription = await redis.GetSubscriber().SubscribeAsync(SessionRevocations.Channel);
        subscription.OnMessage(message =>
        {
            var parts = ((string?)message.Message ?? "").Split(':');
            if (parts.Length == 2 && long.TryParse(parts[1], out var until)) _revoked[parts[0]] = until;
        });
        await LoadAsync();

        using var sweep = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        while (await sweep.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            foreach (var (id, until) in _revoked)
            {
                if (until <= now) _revoked.TryRemove(id, out _);
            }
            // Announcements are fire-and-forget: a reload heals one missed during a Redis hiccup.
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            foreach (var entry in await redis.GetDatabase().SortedSetRangeByScoreWithScoresAsync(SessionRevocations.SetKey, now, double.PositiveInfinity))
            {
                _revoked[(string)entry.Element!] = (long)entry.Score;
            }
        }
        catch (RedisException ex)
        {
            LogLoadFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load revoked sessions from Redis; retrying in a minute")]
    private partial void LogLoadFailed(Exception exception);
}
