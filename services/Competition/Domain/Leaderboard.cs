namespace AeThexLive.Competition.Domain;

public static class LeaderboardPeriods
{
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";
    public const string AllTime = "all-time";

    public static readonly IReadOnlyList<string> All = [Weekly, Monthly, AllTime];
}

public sealed class Leaderboard
{
    private Leaderboard() { }

    public Leaderboard(Guid id, string name, string? game, string? period, DateOnly? resetDate)
    {
        Id = id;
        Name = name;
        Game = game;
        Period = period;
        ResetDate = resetDate;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Game { get; private set; }
    public string? Period { get; private set; }
    public DateOnly? ResetDate { get; private set; }

    /// <summary>The next reset after <paramref name="today"/> for a periodic board; all-time boards never reset.</summary>
    public DateOnly? NextResetAfter(DateOnly today) => Period switch
    {
        LeaderboardPeriods.Weekly => today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7),
        LeaderboardPeriods.Monthly => new DateOnly(today.Year, today.Month, 1).AddMonths(1),
        _ => null,
    };

    public void ScheduleReset(DateOnly? on) => ResetDate = on;
}

public sealed class LeaderboardEntry
{
    private LeaderboardEntry() { }

    public LeaderboardEntry(Guid leaderboardId, Guid userId, long score, DateTime now)
    {
        LeaderboardId = leaderboardId;
        UserId = userId;
        Score = score;
        UpdatedAt = now;
    }

    public Guid LeaderboardId { get; private set; }
    public Guid UserId { get; private set; }
    /// <summary>Position by score; recomputed for the board whenever scores change.</summary>
    public int? Rank { get; private set; }
    public long? Score { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Keeps the better of the current and the submitted score.</summary>
    public bool SubmitScore(long score, DateTime now)
    {
        if (Score >= score) return false;
        Score = score;
        UpdatedAt = now;
        return true;
    }

    public void SetRank(int rank) => Rank = rank;
}
