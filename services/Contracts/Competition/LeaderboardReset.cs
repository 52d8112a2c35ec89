namespace AeThexLive.Contracts.Competition;

public sealed record LeaderboardWinner(Guid UserId, string? Username, long Score, int Rank);

/// <summary>
/// A board's period ended: its final ranks are archived (<see cref="EntryCount"/> entries, the
/// top ones in <see cref="Top"/>) and the next period starts empty. Published once per period,
/// however often or on however many instances the reset runs. Period is weekly or monthly;
/// PeriodKey names it as the API does (2026-W48, 2026-11).
/// </summary>
public sealed record LeaderboardReset(
    Guid LeaderboardId, string Name, string Kind, Guid? ChannelId, string Period, string PeriodKey, DateOnly PeriodStart, DateOnly PeriodEnd,
    int EntryCount, IReadOnlyList<LeaderboardWinner> Top, DateTime ResetAt);
