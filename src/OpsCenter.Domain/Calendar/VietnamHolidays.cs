namespace OpsCenter.Domain.Calendar;

/// <summary>
/// Vietnam's public holidays for 2025-2027 as civil servants (who work Monday-Friday) take them.
/// Labour Code 2019 art. 112 fixes the holidays; the government publishes each year's exact days
/// off, including Tết and the day adjacent to 2/9. When a holiday falls on a weekend, art. 111(3)
/// gives a compensatory day on the next working day.
/// <para>
/// Official (published or fixed by law): all of 2025; 2026 New Year, Tết 14-22 Feb, Hùng Kings on
/// Sun 26 Apr with Mon 27 Apr compensatory, 30/4-1/5; 2027 New Year, Hùng Kings (16 Apr) and
/// 30/4-1/5 (the dates are fixed by law).
/// Assumptions, marked <see cref="Holiday.Provisional"/>: 2026 National Day adjacent day (1 Sep, the
/// day before, as in 2025; the notice was not in our sources); 2027 Tết (lunar new year is Sat
/// 6 Feb 2027, we take Thu 4-Wed 10 Feb, i.e. five weekdays around it); 2027 compensatory Mon 3 May
/// for 1/5 on a Saturday; 2027 National Day adjacent day (Fri 3 Sep, as in 2021 when 2/9 was also
/// a Thursday). Replace them from configuration once the yearly notice is out.
/// </para>
/// </summary>
public static class VietnamHolidays
{
    public static IReadOnlyList<Holiday> Days2025To2027 { get; } =
    [
        new(D(2025, 1, 1), "Tết Dương lịch"),
        // Tết Ất Tỵ: Sat 25 Jan - Sun 2 Feb 2025 as granted (lunar new year Wed 29 Jan).
        new(D(2025, 1, 25), D(2025, 2, 2), "Tết Nguyên Đán"),
        new(D(2025, 4, 7), "Giỗ Tổ Hùng Vương"),
        // 30/4-1/5 joined to the weekend: Fri 2 May swapped with Sat 26 Apr (make-up day below).
        new(D(2025, 4, 30), D(2025, 5, 4), "Giải phóng miền Nam, Quốc tế Lao động"),
        new(D(2025, 9, 1), D(2025, 9, 2), "Quốc khánh"),

        new(D(2026, 1, 1), "Tết Dương lịch"),
        // Tết Bính Ngọ: Sat 14 - Sun 22 Feb 2026 (lunar new year Tue 17 Feb).
        new(D(2026, 2, 14), D(2026, 2, 22), "Tết Nguyên Đán"),
        new(D(2026, 4, 26), "Giỗ Tổ Hùng Vương"),
        new(D(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù)"),
        new(D(2026, 4, 30), D(2026, 5, 1), "Giải phóng miền Nam, Quốc tế Lao động"),
        new(D(2026, 9, 1), "Quốc khánh (ngày liền kề)", provisional: true),
        new(D(2026, 9, 2), "Quốc khánh"),

        new(D(2027, 1, 1), "Tết Dương lịch"),
        // Tết Đinh Mùi: lunar new year Sat 6 Feb 2027; provisional until the notice.
        new(D(2027, 2, 4), D(2027, 2, 10), "Tết Nguyên Đán", Provisional: true),
        new(D(2027, 4, 16), "Giỗ Tổ Hùng Vương"),
        new(D(2027, 4, 30), D(2027, 5, 1), "Giải phóng miền Nam, Quốc tế Lao động"),
        new(D(2027, 5, 3), "Quốc tế Lao động (nghỉ bù)", provisional: true),
        new(D(2027, 9, 2), "Quốc khánh"),
        new(D(2027, 9, 3), "Quốc khánh (ngày liền kề)", provisional: true),
    ];

    /// <summary>Saturdays worked in exchange for a bridge day off.</summary>
    public static IReadOnlyList<DateOnly> MakeUpWorkingDays2025To2027 { get; } = [D(2025, 4, 26)];

    public static HolidayCalendar Default { get; } = new(Days2025To2027, MakeUpWorkingDays2025To2027);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);
}
