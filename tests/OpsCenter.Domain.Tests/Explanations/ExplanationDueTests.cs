using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Explanations;
using static OpsCenter.Domain.Tests.Explanations.ExplanationScenario;

namespace OpsCenter.Domain.Tests.Explanations;

public class ExplanationDueTests
{
    private static readonly ExplanationDue Due = ExplanationDue.Default;

    [Theory]
    // Thu 3 Dec 2026: the day of asking does not count, whatever the hour; due at closing.
    [InlineData(2026, 12, 3, 9, 0, 1, 2026, 12, 4)]
    [InlineData(2026, 12, 3, 16, 59, 1, 2026, 12, 4)]
    [InlineData(2026, 12, 3, 7, 0, 1, 2026, 12, 4)]
    // Over a weekend: Thu + 2 = Mon; Fri + 1 = Mon; asked on Sat or Sun, counting starts Monday.
    [InlineData(2026, 12, 3, 9, 0, 2, 2026, 12, 7)]
    [InlineData(2026, 12, 4, 16, 0, 1, 2026, 12, 7)]
    [InlineData(2026, 12, 5, 10, 0, 1, 2026, 12, 7)]
    [InlineData(2026, 12, 6, 23, 59, 1, 2026, 12, 7)]
    [InlineData(2026, 12, 3, 9, 0, 3, 2026, 12, 8)]
    [InlineData(2026, 12, 3, 9, 0, 6, 2026, 12, 11)]
    // Tết Bính Ngọ: Sat 14 - Sun 22 Feb 2026 off.
    [InlineData(2026, 2, 13, 10, 0, 1, 2026, 2, 23)]
    [InlineData(2026, 2, 12, 10, 0, 2, 2026, 2, 23)]
    [InlineData(2026, 2, 17, 10, 0, 1, 2026, 2, 23)]
    // Hùng Kings (Mon 27 Apr compensatory) and 30/4-1/5 (Thu-Fri).
    [InlineData(2026, 4, 24, 10, 0, 1, 2026, 4, 28)]
    [InlineData(2026, 4, 29, 10, 0, 1, 2026, 5, 4)]
    [InlineData(2026, 4, 24, 10, 0, 3, 2026, 5, 4)]
    // New Year 2027 (Fri 1 Jan).
    [InlineData(2026, 12, 31, 10, 0, 1, 2027, 1, 4)]
    // Sat 26 Apr 2025 was a make-up working day: it counts.
    [InlineData(2025, 4, 25, 10, 0, 1, 2025, 4, 26)]
    [InlineData(2025, 4, 26, 10, 0, 1, 2025, 4, 28)]
    public void After_WorkingDays_ClosingOfTheNthWorkingDayAfterTheDayAsked(int y, int m, int d, int h, int min, int days, int dy, int dm, int dd)
    {
        var due = Due.After(At(y, m, d, h, min), days);

        Assert.Equal(Closing(dy, dm, dd), due);
        Assert.Equal(Vn, due.Offset);
    }

    [Fact]
    public void After_InstantGivenInUtc_JudgesTheLocalDay()
    {
        // 17:30 UTC on Thu 3 Dec is 00:30 on Fri 4 Dec in HCMC: one day is Monday, not Friday.
        var due = Due.After(new DateTimeOffset(2026, 12, 3, 17, 30, 0, TimeSpan.Zero), 1);

        Assert.Equal(Closing(2026, 12, 7), due);
    }

    [Fact]
    public void After_ThirtyDays_SkipsTheWeekends()
    {
        // Thu 3 Dec 2026 + 30 working days: 6 full weeks = 30 days, the 30th is Thu 14 Jan 2027, but 1 Jan is off: Fri 15 Jan.
        Assert.Equal(Closing(2027, 1, 15), Due.After(Thu0900, 30));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(-1)]
    public void After_DaysOutOfRange_Throws(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Due.After(Thu0900, days));

    [Fact]
    public void After_ConfiguredClosingAndCalendar_AreUsed()
    {
        var due = new ExplanationDue(new WorkingCalendar(HolidayCalendar.None), new TimeOnly(16, 30));

        // Without holidays, Tết days count.
        Assert.Equal(At(2026, 2, 16, 16, 30), due.After(At(2026, 2, 13, 10, 0), 1));
    }

    [Fact]
    public void On_ADate_IsItsClosingTime() => Assert.Equal(Closing(2026, 12, 10), Due.On(new DateOnly(2026, 12, 10)));
}
