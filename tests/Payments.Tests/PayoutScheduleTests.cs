using AeThexLive.Payments.Payouts;

namespace AeThexLive.Payments.Tests;

/// <summary>Which month the automatic run pays on a given day.</summary>
public sealed class PayoutScheduleTests
{
    [Theory]
    [InlineData("2026-12-15", 15, "2026-11-30")]
    [InlineData("2026-12-31", 15, "2026-11-30")]
    [InlineData("2026-12-14", 15, "2026-10-31")]
    [InlineData("2027-01-15", 15, "2026-12-31")]
    [InlineData("2027-01-03", 15, "2026-11-30")]
    [InlineData("2027-03-01", 1, "2027-02-28")]
    [InlineData("2028-03-20", 15, "2028-02-29")]
    public void From_its_pay_day_on_the_month_before_is_due_and_before_it_the_month_before_that(string today, int payDay, string due) =>
        Assert.Equal(DateOnly.Parse(due), PayoutSchedule.DuePeriodEnd(DateOnly.Parse(today), payDay));

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    [InlineData(-1)]
    public void A_pay_day_outside_one_to_twenty_eight_turns_automatic_payouts_off(int payDay) =>
        Assert.Null(PayoutSchedule.DuePeriodEnd(new DateOnly(2026, 12, 15), payDay));
}
