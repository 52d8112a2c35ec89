using AeThexLive.Competition.Domain.Leaderboards;
using AeThexLive.Competition.Leaderboards;
using AeThexLive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace AeThexLive.Competition.Endpoints;

public sealed record LeaderboardView(
    Guid Id, string Name, string? Game, string Period, string ScoreMode, string Kind, Guid? ChannelId, string? ChannelSlug, Guid? OwnerId,
    string CurrentPeriod, DateTime PeriodStartsAt, DateTime? ResetsAt, DateTime CreatedAt);

public sealed record EntryView(long Rank, Guid UserId, string Username, string? DisplayName, long Score);

/// <summary>A page of a board, best first: the period it shows and how many entries it has in all.</summary>
public sealed record EntriesPage(Guid LeaderboardId, string Period, long Total, IReadOnlyList<EntryView> Items, string? NextCursor);

public sealed record StandingView(
    Guid LeaderboardId, string Period, Guid UserId, string Username, string? DisplayName, long Rank, long Score, double Percentile, long Entries);

/// <summary>What a submission did: the user's score now, and their standing (null when Redis could not answer; the score is recorded).</summary>
public sealed record ScoreView(
    Guid LeaderboardId, string Period, Guid UserId, string Username, long Score, long? Rank, double? Percentile, long? Entries, bool Replayed);

public sealed record PeriodSummary(string Period, DateTime StartsAt, DateTime EndsAt, DateTime ArchivedAt, int EntryCount);

public sealed record ArchivedPeriodView(
    Guid LeaderboardId, string Period, DateTime StartsAt, DateTime EndsAt, DateTime ArchivedAt, int EntryCount, IReadOnlyList<EntryView> Items,
    string? NextCursor);

internal static class LeaderboardViews
{
    public static LeaderboardView ToView(Leaderboard board, string? channelSlug, DateTime now)
    {
        var period = board.PeriodAt(now);
        return new LeaderboardView(board.Id, board.Name, board.Game, board.Period, board.ScoreMode, board.Kind, board.ChannelId, channelSlug,
            board.OwnerId, period.Key, period.StartsAt, period.EndsAt, board.CreatedAt);
    }

    public static EntryView ToView(RankedUser user, IReadOnlyDictionary<Guid, UserName> names) =>
        names.TryGetValue(user.UserId, out var name)
            ? new EntryView(user.Rank, user.UserId, name.Username, name.DisplayName, user.Score)
            : new EntryView(user.Rank, user.UserId, "", null, user.Score);

    /// <summary>Redis is down or a rebuild did not finish in time: scores are safe in PostgreSQL, ranks are not available right now.</summary>
    public static ProblemHttpResult Unavailable() =>
        ApiProblems.Of(StatusCodes.Status503ServiceUnavailable, "rankings-unavailable", "Ranks are not available right now; try again shortly.");

    public static bool IsUnavailable(Exception exception) => exception is RedisException or RankingsUnavailableException or TimeoutException;
}
