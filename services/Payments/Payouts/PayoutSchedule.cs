namespace AeThexLive.Payments.Payouts;

/// <summary>Which month's payouts are due on a given day: the month before, once its pay day has come.</summary>
public static class PayoutSchedule
{
    /// <returns>
    /// The last day of the latest month whose pay day (in the month after it) is <paramref name="today"/> or earlier, or
    /// null when automatic payouts are off. Before the pay day it is the month before last, already paid, so a run finds
    /// nothing new to claim and only sends what an earlier run could not.
    /// </returns>
    public static DateOnly? DuePeriodEnd(DateOnly today, int payDay)
    {
        if (payDay is < 1 or > 28) return null;
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        var paidMonthStart = today.Day >= payDay ? firstOfMonth.AddMonths(-1) : firstOfMonth.AddMonths(-2);
        return paidMonthStart.AddMonths(1).AddDays(-1);
    }
}
