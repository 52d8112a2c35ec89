namespace AeThexLive.Competition.Domain.Leaderboards;

/// <summary>How long a board's ranking runs before it is archived and starts again empty.</summary>
public static class LeaderboardPeriods
{
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";
    /// <summary>Stored as schema.sql's "all-time"; the API spells it all_time.</summary>
    public const string AllTime = "all_time";

    public static readonly IReadOnlyList<string> All = [Weekly, Monthly, AllTime];
}

/// <summary>best keeps a user's highest score; increment adds each submission to their total.</summary>
public static class ScoreModes
{
    public const string Best = "best";
    public const string Increment = "increment";

    public static readonly IReadOnlyList<string> All = [Best, Increment];
}

/// <summary>custom boards take scores from their owner; the others are fed by events for a channel.</summary>
public static class LeaderboardKinds
{
    public const string Custom = "custom";
    /// <summary>Cents given to the channel: donations and paid gifts.</summary>
    public const string TopSupporters = "top_supporters";
    /// <summary>Messages posted in the channel's chat.</summary>
    public const string TopChatters = "top_chatters";

    public static readonly IReadOnlyList<string> BuiltIn = [TopSupporters, TopChatters];
}

public static class Scores
{
    /// <summary>
    /// The largest score a board holds: 2^53 − 1, the largest whole number a Redis score (a
    /// double) and a JavaScript client both hold exactly. Totals of increment boards stop there.
    /// </summary>
    public const long Max = 9_007_199_254_740_991;
}
