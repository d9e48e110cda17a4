using OpsCenter.Domain.Calendar;
using static OpsCenter.Domain.Tests.Calendar.Local;

namespace OpsCenter.Domain.Tests.Calendar;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Default;

    [Theory]
    [InlineData(2025, 1, 27, false)] // Monday inside Tết 2025
    [InlineData(2025, 2, 3, true)] // first Monday after Tết 2025
    [InlineData(2025, 4, 26, true)] // Saturday worked in exchange for Fri 2 May
    [InlineData(2025, 5, 2, false)] // the bridge Friday
    [InlineData(2025, 4, 29, true)]
    [InlineData(2025, 9, 1, false)]
    [InlineData(2026, 2, 16, false)] // Tết 2026
    [InlineData(2026, 4, 27, false)] // compensatory day for Hùng Kings on Sunday 26 Apr 2026
    [InlineData(2026, 5, 2, false)] // plain Saturday
    [InlineData(2027, 5, 3, false)] // compensatory day for 1/5/2027 on a Saturday
    public void IsWorkingDay_DefaultCalendar_SkipsWeekendsAndHolidays(int year, int month, int day, bool expected) =>
        Assert.Equal(expected, Calendar.IsWorkingDay(new DateOnly(year, month, day)));

    [Fact]
    public void IsWorkingDay_UtcInstantAfterLocalMidnight_JudgesTheLocalDay()
    {
        // 17:30 UTC on Sunday 2 Feb 2025 is 00:30 on Monday 3 Feb in HCMC.
        Assert.True(Calendar.IsWorkingDay(new DateTimeOffset(2025, 2, 2, 17, 30, 0, TimeSpan.Zero)));
        // 17:30 UTC on Friday 24 Jan 2025 is already Saturday 25 Jan, the first day of Tết.
        Assert.False(Calendar.IsWorkingDay(new DateTimeOffset(2025, 1, 24, 17, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AddWorkingDays_AcrossTet2025_SkipsTheNineDaysOff()
    {
        // Fri 24 Jan 10:00 + 3: Mon 3 Feb is day 1, Tue 4 day 2, Wed 5 Feb 10:00 day 3.
        var due = Calendar.AddWorkingDays(At(2025, 1, 24, 10), 3);

        Assert.Equal(At(2025, 2, 5, 10), due);
    }

    [Fact]
    public void AddWorkingDays_Across30AprilAnd1MayAndWeekend_LandsAfterTheBreak()
    {
        // 2026: Thu 30/4, Fri 1/5, then the weekend; Wed 29 Apr 14:00 + 1 lands on Mon 4 May 14:00.
        Assert.Equal(At(2026, 5, 4, 14), Calendar.AddWorkingDays(At(2026, 4, 29, 14), 1));
        // 2025: Wed 30/4 to Sun 4/5 off; Tue 29 Apr 09:00 + 2 = Mon 5 May (1) then Tue 6 May 09:00 (2).
        Assert.Equal(At(2025, 5, 6, 9), Calendar.AddWorkingDays(At(2025, 4, 29, 9), 2));
    }

    [Fact]
    public void AddWorkingDays_BeforeMakeUpSaturday_CountsTheSaturday() =>
        Assert.Equal(At(2025, 4, 26, 9), Calendar.AddWorkingDays(At(2025, 4, 25, 9), 1));

    [Fact]
    public void AddWorkingDays_StartOnDayOff_CountsFromNextWorkingMidnight() =>
        // Accepted online on Sat 1 Feb 2025 (Tết): Mon 3 Feb counts whole, due at its end.
        Assert.Equal(At(2025, 2, 4), Calendar.AddWorkingDays(At(2025, 2, 1, 15), 1));

    [Fact]
    public void AddWorkingDays_Zero_ReturnsStart() =>
        Assert.Equal(At(2025, 2, 1, 15), Calendar.AddWorkingDays(At(2025, 2, 1, 15), 0));

    [Fact]
    public void AddWorkingTime_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingTime(At(2025, 3, 3), TimeSpan.FromHours(-1)));

    [Fact]
    public void WorkingDaysBetween_AcrossTet2025_CountsOnlyWorkingDays()
    {
        Assert.Equal(3, Calendar.WorkingDaysBetween(At(2025, 1, 24, 10), At(2025, 2, 5, 10)), 9);
        Assert.Equal(-3, Calendar.WorkingDaysBetween(At(2025, 2, 5, 10), At(2025, 1, 24, 10)), 9);
    }

    [Fact]
    public void WorkingDaysBetween_WithinAWeekend_IsZero() =>
        Assert.Equal(0, Calendar.WorkingDaysBetween(At(2025, 3, 8, 9), At(2025, 3, 9, 18)));

    [Fact]
    public void WorkingTimeRemaining_FridayEveningToMondayMorning_SkipsTheWeekend() =>
        // Fri 7 Mar 2025 18:00 -> Mon 10 Mar 09:00: 6 h of Friday + 9 h of Monday.
        Assert.Equal(TimeSpan.FromHours(15), Calendar.WorkingTimeRemaining(At(2025, 3, 7, 18), At(2025, 3, 10, 9)));

    [Fact]
    public void WorkingTimeRemaining_AppointmentPassed_IsNegative() =>
        Assert.Equal(TimeSpan.FromHours(-15), Calendar.WorkingTimeRemaining(At(2025, 3, 10, 9), At(2025, 3, 7, 18)));

    [Fact]
    public void AddWorkingDays_CustomOffsetAndNoHolidays_UsesTheGivenZone()
    {
        var utcCalendar = new WorkingCalendar(HolidayCalendar.None, TimeSpan.Zero);
        // Fri 7 Mar 2025 20:00 UTC + 1 working day = Mon 10 Mar 20:00 UTC, with no Vietnamese holidays.
        var start = new DateTimeOffset(2025, 3, 7, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(start.AddDays(3), utcCalendar.AddWorkingDays(start, 1));
    }
}
