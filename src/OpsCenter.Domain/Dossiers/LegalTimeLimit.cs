using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Dossiers;

/// <summary>The unit a procedure's legal time limit is stated in.</summary>
public enum TimeLimitUnit
{
    WorkingDays,
    CalendarDays,
    WorkingHours,
}

/// <summary>
/// A procedure's legal time limit, counted from acceptance. Used only when the dossier carries no
/// appointment date; most limits are in working days, some in calendar days or working hours.
/// </summary>
public sealed record LegalTimeLimit(double Amount, TimeLimitUnit Unit = TimeLimitUnit.WorkingDays)
{
    public DateTimeOffset DueFrom(DateTimeOffset acceptedAt, WorkingCalendar calendar) => Unit switch
    {
        TimeLimitUnit.WorkingDays => calendar.AddWorkingDays(acceptedAt, Amount),
        TimeLimitUnit.WorkingHours => calendar.AddWorkingTime(acceptedAt, TimeSpan.FromHours(Amount)),
        TimeLimitUnit.CalendarDays => acceptedAt.AddDays(Amount),
        _ => throw new InvalidOperationException($"Unknown time limit unit {Unit}."),
    };
}
