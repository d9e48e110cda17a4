namespace OpsCenter.Domain.Calendar;

/// <summary>A public holiday (or a run of days off), inclusive of both ends.</summary>
/// <param name="Provisional">True when the dates are our assumption, not yet an official notice.</param>
public sealed record Holiday(DateOnly From, DateOnly To, string Name, bool Provisional = false)
{
    public Holiday(DateOnly day, string name, bool provisional = false)
        : this(day, day, name, provisional)
    {
    }

    public bool Contains(DateOnly day) => day >= From && day <= To;
}

/// <summary>
/// Days off beyond the weekend, from configuration. Besides holidays it knows make-up working
/// days: the government sometimes swaps a weekday off for a Saturday worked (e.g. 26 Apr 2025),
/// and that Saturday then counts towards legal time limits.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly HashSet<DateOnly> _daysOff = [];
    private readonly HashSet<DateOnly> _makeUpWorkingDays;

    public HolidayCalendar(IEnumerable<Holiday> holidays, IEnumerable<DateOnly>? makeUpWorkingDays = null)
    {
        Holidays = [.. holidays.OrderBy(h => h.From)];
        foreach (var holiday in Holidays)
        {
            if (holiday.To < holiday.From)
            {
                throw new ArgumentException($"Holiday '{holiday.Name}' ends before it starts.", nameof(holidays));
            }
            for (var day = holiday.From; day <= holiday.To; day = day.AddDays(1))
            {
                _daysOff.Add(day);
            }
        }
        _makeUpWorkingDays = [.. makeUpWorkingDays ?? []];
    }

    /// <summary>No holidays: only weekends are off (useful in tests and for unknown years).</summary>
    public static HolidayCalendar None { get; } = new([]);

    public IReadOnlyList<Holiday> Holidays { get; }

    public bool IsHoliday(DateOnly day) => _daysOff.Contains(day);

    public bool IsMakeUpWorkingDay(DateOnly day) => _makeUpWorkingDays.Contains(day);

    public Holiday? Find(DateOnly day) => Holidays.FirstOrDefault(h => h.Contains(day));
}
