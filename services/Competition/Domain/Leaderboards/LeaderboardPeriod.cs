using System.Globalization;
using System.Text.RegularExpressions;

namespace AeThexLive.Competition.Domain.Leaderboards;

/// <summary>
/// One run of a board, by event time in UTC: a week from Monday 00:00 (named by its ISO week,
/// 2026-W48), a calendar month (2026-11), or all time. A score counts for the period its event
/// happened in, however late it is processed.
/// </summary>
public readonly partial record struct LeaderboardPeriod(string Kind, DateOnly Start)
{
    /// <summary>The one period of an all-time board.</summary>
    public static readonly DateOnly AllTimeStart = new(1970, 1, 1);

    public static LeaderboardPeriod Containing(string kind, DateTime at)
    {
        var day = DateOnly.FromDateTime(at.ToUniversalTime());
        return kind switch
        {
            LeaderboardPeriods.Weekly => new(kind, day.AddDays(-(((int)day.DayOfWeek + 6) % 7))),
            LeaderboardPeriods.Monthly => new(kind, new DateOnly(day.Year, day.Month, 1)),
            LeaderboardPeriods.AllTime => new(kind, AllTimeStart),
            _ => throw new ArgumentException($"Unknown period '{kind}'.", nameof(kind)),
        };
    }

    /// <summary>The first day after the period; null for all time.</summary>
    public DateOnly? End => Kind switch
    {
        LeaderboardPeriods.Weekly => Start.AddDays(7),
        LeaderboardPeriods.Monthly => Start.AddMonths(1),
        _ => null,
    };

    public DateTime StartsAt => Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public DateTime? EndsAt => End?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public LeaderboardPeriod Next => End is { } end ? new(Kind, end) : this;

    /// <summary>The period's name in URLs: 2026-W48, 2026-11 or all-time.</summary>
    public string Key => Kind switch
    {
        LeaderboardPeriods.Weekly => string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(StartsAt)}-W{ISOWeek.GetWeekOfYear(StartsAt):00}"),
        LeaderboardPeriods.Monthly => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => "all-time",
    };

    /// <summary>Reads a period name of the board's kind; false for anything else (another kind's name, a week 54).</summary>
    public static bool TryParse(string kind, string? key, out LeaderboardPeriod period)
    {
        period = default;
        if (key is null) return false;
        switch (kind)
        {
            case LeaderboardPeriods.Weekly when WeekKey().Match(key) is { Success: true } week:
                var year = int.Parse(week.Groups[1].Value, CultureInfo.InvariantCulture);
                var number = int.Parse(week.Groups[2].Value, CultureInfo.InvariantCulture);
                if (year is < 2000 or > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year)) return false;
                period = new(kind, DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday)));
                return true;
            case LeaderboardPeriods.Monthly when MonthKey().Match(key) is { Success: true } month:
                var y = int.Parse(month.Groups[1].Value, CultureInfo.InvariantCulture);
                var m = int.Parse(month.Groups[2].Value, CultureInfo.InvariantCulture);
                if (y is < 2000 or > 9998 || m is < 1 or > 12) return false;
                period = new(kind, new DateOnly(y, m, 1));
                return true;
            case LeaderboardPeriods.AllTime when key == "all-time":
                period = new(kind, AllTimeStart);
                return true;
            default:
                return false;
        }
    }

    public static string KeyFormat(string kind) => kind switch
    {
        LeaderboardPeriods.Weekly => "an ISO week such as 2026-W48",
        LeaderboardPeriods.Monthly => "a month such as 2026-11",
        _ => "all-time",
    };

    [GeneratedRegex(@"^([0-9]{4})-W([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekKey();

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthKey();
}
