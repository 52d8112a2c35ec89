namespace AeThexLive.Competition.Domain.Tournaments;

/// <summary>draft → registration → active → ended; cancelled from any of the first three.</summary>
public static class TournamentStatuses
{
    public const string Draft = "draft";
    public const string Registration = "registration";
    public const string Active = "active";
    public const string Ended = "ended";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Draft, Registration, Active, Ended, Cancelled];
}

public static class TournamentFormats
{
    public const string SingleElimination = "single_elimination";
    public const string DoubleElimination = "double_elimination";
    public const string RoundRobin = "round_robin";

    public static readonly IReadOnlyList<string> All = [SingleElimination, DoubleElimination, RoundRobin];

    /// <summary>The largest field each format takes: brackets are proven up to 256; a round robin of n plays n(n−1)/2 matches.</summary>
    public static int MaxParticipants(string format) => format == RoundRobin ? 64 : 256;
}

/// <summary>How seeds are fixed at the start: order of joining, a shuffle, or a leaderboard's current ranks.</summary>
public static class SeedingMethods
{
    public const string Registration = "registration";
    public const string Random = "random";
    public const string Leaderboard = "leaderboard";

    public static readonly IReadOnlyList<string> All = [Registration, Random, Leaderboard];
}

/// <summary>Which part of the bracket a match belongs to.</summary>
public static class BracketParts
{
    public const string Winners = "winners";
    public const string Losers = "losers";
    public const string GrandFinal = "grand_final";
    public const string GrandFinalReset = "grand_final_reset";
    public const string ThirdPlace = "third_place";
    public const string RoundRobin = "round_robin";
}

/// <summary>pending: a side is not known yet; ready: both are, it can be played; completed; skipped: a grand-final reset not needed.</summary>
public static class MatchStatuses
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Completed = "completed";
    public const string Skipped = "skipped";
}
