using OpsCenter.Domain.Calendar;
using static OpsCenter.Domain.Tests.Calendar.Local;

namespace OpsCenter.Domain.Tests.Calendar;

public class ReportingPeriodTests
{
    [Fact]
    public void Containing_Week_RunsMondayToSunday()
    {
        var week = ReportingPeriod.Containing(PeriodKind.Week, At(2025, 3, 9, 23)); // a Sunday night

        Assert.Equal(At(2025, 3, 3), week.Start);
        Assert.Equal(At(2025, 3, 10), week.End);
    }

    [Fact]
    public void Containing_MonthFromUtcInstant_UsesHcmcLocalMonth()
    {
        // 18:00 UTC on 31 Jan is 01:00 on 1 Feb in HCMC.
        var month = ReportingPeriod.Containing(PeriodKind.Month, new DateTimeOffset(2025, 1, 31, 18, 0, 0, TimeSpan.Zero));

        Assert.Equal(At(2025, 2, 1), month.Start);
        Assert.Equal(At(2025, 3, 1), month.End);
        Assert.Equal(new DateTimeOffset(2025, 1, 31, 17, 0, 0, TimeSpan.Zero), month.Start);
    }

    [Theory]
    [InlineData(PeriodKind.Day, 2025, 8, 15, 2025, 8, 16)]
    [InlineData(PeriodKind.Quarter, 2025, 7, 1, 2025, 10, 1)]
    [InlineData(PeriodKind.Year, 2025, 1, 1, 2026, 1, 1)]
    public void Containing_15August2025_GivesLocalBounds(PeriodKind kind, int y1, int m1, int d1, int y2, int m2, int d2)
    {
        var period = ReportingPeriod.Containing(kind, At(2025, 8, 15, 12));

        Assert.Equal(At(y1, m1, d1), period.Start);
        Assert.Equal(At(y2, m2, d2), period.End);
    }

    [Fact]
    public void Previous_FirstQuarter_IsLastQuarterOfPreviousYear()
    {
        var previous = ReportingPeriod.Containing(PeriodKind.Quarter, At(2026, 2, 1)).Previous();

        Assert.Equal(At(2025, 10, 1), previous.Start);
        Assert.Equal(At(2026, 1, 1), previous.End);
    }

    [Fact]
    public void JudgedAt_CurrentPeriod_IsNowAndPastPeriod_IsItsEnd()
    {
        var month = ReportingPeriod.Containing(PeriodKind.Month, At(2025, 3, 10));

        Assert.Equal(At(2025, 3, 10), month.JudgedAt(At(2025, 3, 10)));
        Assert.Equal(At(2025, 4, 1), month.JudgedAt(At(2025, 5, 1)));
        Assert.True(month.IsCurrent(At(2025, 3, 31, 23)));
        Assert.False(month.IsCurrent(At(2025, 4, 1)));
    }

    [Fact]
    public void Current_TodayFromClock_IsTheLocalDay()
    {
        // 20:00 UTC on 14 Feb 2026 is 03:00 on 15 Feb in HCMC.
        var today = ReportingPeriod.Current(PeriodKind.Day, new FixedClock(new DateTimeOffset(2026, 2, 14, 20, 0, 0, TimeSpan.Zero)));

        Assert.Equal(At(2026, 2, 15), today.Start);
    }
}
