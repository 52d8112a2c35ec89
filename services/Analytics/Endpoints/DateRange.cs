using System.Globalization;
using AeThexLive.ServiceDefaults;

namespace AeThexLive.Analytics.Endpoints;

/// <summary>An inclusive range of UTC dates from ?from=&amp;to= (yyyy-MM-dd), at most <see cref="MaxDays"/> days.</summary>
internal readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;
    public const int DefaultDays = 30;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Reads the range, adding field errors for bad values; without both, the last 30 days up to today (UTC).</summary>
    public static DateRange Read(string? from, string? to, DateOnly today, FieldErrors errors)
    {
        var end = Parse(to, "to", errors) ?? today;
        var start = Parse(from, "from", errors) ?? DateOnly.FromDayNumber(Math.Max(0, end.DayNumber - (DefaultDays - 1)));
        if (errors.Any) return default;
        if (start > end) errors.Add("from", "from must be on or before to.");
        else if (end.DayNumber - start.DayNumber + 1 > MaxDays) errors.Add("to", $"The range may cover at most {MaxDays} days.");
        return new DateRange(start, end);
    }

    private static DateOnly? Parse(string? value, string field, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, $"{field} must be a UTC date written yyyy-MM-dd.");
        return null;
    }
}
