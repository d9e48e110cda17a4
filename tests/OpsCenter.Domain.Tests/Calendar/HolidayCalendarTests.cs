using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Tests.Calendar;

public class HolidayCalendarTests
{
    [Fact]
    public void Constructor_RangeEndingBeforeStart_Throws() =>
        Assert.Throws<ArgumentException>(() => new HolidayCalendar([new Holiday(new DateOnly(2025, 2, 2), new DateOnly(2025, 2, 1), "bad")]));

    [Fact]
    public void IsHoliday_Range_CoversBothEnds()
    {
        var calendar = new HolidayCalendar([new Holiday(new DateOnly(2026, 2, 14), new DateOnly(2026, 2, 22), "Tết")]);

        Assert.True(calendar.IsHoliday(new DateOnly(2026, 2, 14)));
        Assert.True(calendar.IsHoliday(new DateOnly(2026, 2, 22)));
        Assert.False(calendar.IsHoliday(new DateOnly(2026, 2, 23)));
    }

    [Fact]
    public void Default_Tet2027_IsMarkedProvisional()
    {
        var tet = VietnamHolidays.Default.Find(new DateOnly(2027, 2, 6));

        Assert.NotNull(tet);
        Assert.True(tet.Provisional);
        Assert.False(VietnamHolidays.Default.Find(new DateOnly(2026, 2, 17))!.Provisional);
    }

    [Fact]
    public void Default_MakeUpSaturday2025_IsAWorkingDay() =>
        Assert.True(VietnamHolidays.Default.IsMakeUpWorkingDay(new DateOnly(2025, 4, 26)));
}
