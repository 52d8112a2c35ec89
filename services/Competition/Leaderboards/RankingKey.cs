using System.Globalization;
using AeThexLive.Competition.Domain.Leaderboards;
using StackExchange.Redis;

namespace AeThexLive.Competition.Leaderboards;

/// <summary>
/// Where one period of a board lives in Redis: the sorted set of user ids by score, and a
/// marker that says the set was built from PostgreSQL. A set without its marker (Redis was
/// flushed, or restarted empty) is never trusted: it is rebuilt first.
/// </summary>
public readonly record struct RankingKey(Guid LeaderboardId, DateOnly PeriodStart)
{
    private const string Prefix = "competition:lb:";

    public RankingKey(Guid leaderboardId, LeaderboardPeriod period) : this(leaderboardId, period.Start) { }

    public RedisKey Set => $"{Prefix}{LeaderboardId:N}:{PeriodStart.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public RedisKey Ready => Set.Append(":ready");

    public RedisKey RebuildLock => Set.Append(":rebuilding");

    public RedisKey BuildTarget(string token) => Set.Append(":build:" + token);

    /// <summary>A user as a member of the set: their id's 16 bytes.</summary>
    public static RedisValue Member(Guid userId) => userId.ToByteArray();

    public static Guid UserOf(RedisValue member) => new((byte[])member!);

    public override string ToString() => Set.ToString();
}
