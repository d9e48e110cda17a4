namespace OpsCenter.Domain.Calendar;

/// <summary>
/// Counts working time the way legal time limits are counted: Saturdays, Sundays and public
/// holidays do not count; every working day counts as a whole day (24 hours), not office hours,
/// because time limits are set in working days and a dossier accepted at 16:00 with one working day
/// is due at 16:00 the next working day. Days are judged in local time (<see cref="VietnamTime"/>).
/// </summary>
public sealed class WorkingCalendar
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public WorkingCalendar(HolidayCalendar holidays, TimeSpan? utcOffset = null)
    {
        Holidays = holidays;
        UtcOffset = utcOffset ?? VietnamTime.Offset;
    }

    /// <summary>Weekends plus Vietnam's 2025-2027 holidays, judged at UTC+7.</summary>
    public static WorkingCalendar Default { get; } = new(VietnamHolidays.Default);

    public HolidayCalendar Holidays { get; }

    public TimeSpan UtcOffset { get; }

    public bool IsWorkingDay(DateOnly day)
    {
        if (Holidays.IsHoliday(day))
        {
            return false;
        }
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return !weekend || Holidays.IsMakeUpWorkingDay(day);
    }

    /// <summary>Whether the local day the instant falls on is a working day.</summary>
    public bool IsWorkingDay(DateTimeOffset instant) => IsWorkingDay(VietnamTime.LocalDate(instant, UtcOffset));

    /// <summary>
    /// The instant <paramref name="days"/> working days after <paramref name="start"/> (e.g. a due
    /// time from the acceptance time and a legal limit). Starting on a day off, counting begins at
    /// the next working day's midnight.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, double days) => AddWorkingTime(start, Day * days);

    /// <summary>Moves forward by an amount of working time, skipping days off.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingTime)
    {
        if (workingTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(workingTime), "Working time to add must not be negative.");
        }
        if (workingTime == TimeSpan.Zero)
        {
            return start;
        }
        var local = start.ToOffset(UtcOffset);
        var remaining = workingTime;
        while (true)
        {
            var day = DateOnly.FromDateTime(local.DateTime);
            var dayEnd = VietnamTime.StartOfDay(day.AddDays(1), UtcOffset);
            if (IsWorkingDay(day))
            {
                var available = dayEnd - local;
                if (remaining <= available)
                {
                    return (local + remaining).ToUniversalTime();
                }
                remaining -= available;
            }
            local = dayEnd;
        }
    }

    /// <summary>
    /// The latest instant from which <paramref name="workingTime"/> of working time remains until
    /// <paramref name="end"/> (the inverse of <see cref="AddWorkingTime"/>): e.g. when a dossier
    /// enters its nearly-due window.
    /// </summary>
    public DateTimeOffset SubtractWorkingTime(DateTimeOffset end, TimeSpan workingTime)
    {
        if (workingTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(workingTime), "Working time to subtract must not be negative.");
        }
        if (workingTime == TimeSpan.Zero)
        {
            return end;
        }
        var local = end.ToOffset(UtcOffset);
        var remaining = workingTime;
        while (true)
        {
            var day = DateOnly.FromDateTime(local.AddTicks(-1).DateTime);
            var dayStart = VietnamTime.StartOfDay(day, UtcOffset);
            if (IsWorkingDay(day))
            {
                var available = local - dayStart;
                if (remaining <= available)
                {
                    return (local - remaining).ToUniversalTime();
                }
                remaining -= available;
            }
            local = dayStart;
        }
    }

    /// <summary>
    /// Working time from <paramref name="from"/> to <paramref name="to"/>; negative when
    /// <paramref name="to"/> is earlier (e.g. how far past its due time a dossier is).
    /// </summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingTimeBetween(to, from);
        }
        var total = TimeSpan.Zero;
        var local = from.ToOffset(UtcOffset);
        while (local < to)
        {
            var day = DateOnly.FromDateTime(local.DateTime);
            var dayEnd = VietnamTime.StartOfDay(day.AddDays(1), UtcOffset);
            if (IsWorkingDay(day))
            {
                total += (dayEnd < to ? dayEnd : to) - local;
            }
            local = dayEnd;
        }
        return total;
    }

    /// <summary>Working days (fractional) between two instants; negative when reversed.</summary>
    public double WorkingDaysBetween(DateTimeOffset from, DateTimeOffset to) => WorkingTimeBetween(from, to) / Day;

    /// <summary>Working time left until an appointment; negative once it has passed.</summary>
    public TimeSpan WorkingTimeRemaining(DateTimeOffset now, DateTimeOffset appointment) => WorkingTimeBetween(now, appointment);
}
