using OpsCenter.Domain.Calendar;

namespace OpsCenter.Simulator.City;

/// <summary>Desk times in Ho Chi Minh City (UTC+7): events happen between 07:30 and 17:30.</summary>
internal static class OfficeHours
{
    public static readonly TimeSpan Offset = VietnamTime.Offset;
    private static readonly TimeSpan Opens = new(7, 30, 0);
    private static readonly TimeSpan Closes = new(17, 30, 0);

    public static DateTimeOffset At(DateOnly day, TimeSpan timeOfDay) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).Add(timeOfDay).ToUniversalTime();

    public static DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The end of the appointment's local day at 17:00, as desks write appointments.</summary>
    public static DateTimeOffset EndOfDesk(DateTimeOffset instant) => At(LocalDay(instant), new TimeSpan(17, 0, 0));

    /// <summary>
    /// Moves a night-time instant into office hours: forward to the next working morning, or (when
    /// <paramref name="forward"/> is false) back to the same day's closing hour, not before <paramref name="notBefore"/>.
    /// </summary>
    public static DateTimeOffset Snap(DateTimeOffset instant, WorkingCalendar calendar, Random random, bool forward, DateTimeOffset notBefore)
    {
        var local = instant.ToOffset(Offset);
        if (local.TimeOfDay >= Opens && local.TimeOfDay < Closes && calendar.IsWorkingDay(instant))
        {
            return instant;
        }
        DateTimeOffset snapped;
        if (forward || local.TimeOfDay < Opens)
        {
            var day = DateOnly.FromDateTime(local.DateTime);
            if (local.TimeOfDay >= Closes || !calendar.IsWorkingDay(day))
            {
                day = day.AddDays(1);
            }
            while (!calendar.IsWorkingDay(day))
            {
                day = day.AddDays(1);
            }
            snapped = At(day, Opens + TimeSpan.FromMinutes(random.Next(5, 90)));
            if (!forward && snapped > instant)
            {
                return instant;
            }
        }
        else
        {
            snapped = At(DateOnly.FromDateTime(local.DateTime), Closes - TimeSpan.FromMinutes(random.Next(10, 90)));
        }
        return snapped > notBefore ? snapped : notBefore.AddMinutes(10);
    }
}
