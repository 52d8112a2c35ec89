namespace AeThexLive.Competition.Domain.Leaderboards;

/// <summary>
/// A user's score on a board for one period: the record Redis is rebuilt from. Ranks are not
/// kept here (<see cref="Rank"/>, schema.sql's column, stays empty): a rank changes whenever a
/// score above it does, so the sorted set answers it; final ranks go to the period's archive.
/// </summary>
public sealed class LeaderboardEntry
{
    private LeaderboardEntry() { }

    public LeaderboardEntry(Guid leaderboardId, DateOnly periodStart, Guid userId, long score, DateTime now)
    {
        LeaderboardId = leaderboardId;
        PeriodStart = periodStart;
        UserId = userId;
        Score = score;
        UpdatedAt = now;
    }

    public Guid LeaderboardId { get; private set; }
    public DateOnly PeriodStart { get; private set; }
    public Guid UserId { get; private set; }
    public int? Rank { get; private set; }
    public long? Score { get; private set; }
    public DateTime UpdatedAt { get; private set; }
}

/// <summary>A period a board has had scores in; archived once, at its end.</summary>
public sealed class LeaderboardPeriodRecord
{
    private LeaderboardPeriodRecord() { }

    public LeaderboardPeriodRecord(Guid leaderboardId, DateOnly periodStart, DateOnly? periodEnd)
    {
        LeaderboardId = leaderboardId;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
    }

    public Guid LeaderboardId { get; private set; }
    public DateOnly PeriodStart { get; private set; }
    public DateOnly? PeriodEnd { get; private set; }
    public DateTime? ArchivedAt { get; private set; }
    public int? EntryCount { get; private set; }
}

/// <summary>A final rank of an archived period: written once when the period ends, never changed.</summary>
public sealed class LeaderboardArchiveEntry
{
    private LeaderboardArchiveEntry() { }

    public Guid LeaderboardId { get; private set; }
    public DateOnly PeriodStart { get; private set; }
    public Guid UserId { get; private set; }
    public long Score { get; private set; }
    public int Rank { get; private set; }
}

/// <summary>A score submission by id, so a retried submission counts once.</summary>
public sealed class LeaderboardSubmission
{
    private LeaderboardSubmission() { }

    public Guid LeaderboardId { get; private set; }
    public string SubmissionId { get; private set; } = "";
    public Guid UserId { get; private set; }
    public long Score { get; private set; }
    public DateTime SubmittedAt { get; private set; }
}
