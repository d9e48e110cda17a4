using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Explanations;

/// <summary>
/// When an explanation is due: at the office's closing time (17:00 local by default) of the Nth
/// working day after the day it was asked, whatever the hour it was asked. This is how a legal
/// limit of N working days is read by a Vietnamese office (docs: DOMAIN.md, "accepted Monday 09:00
/// with 1 day: due Tuesday at closing"): the day of asking does not count, and the answer is
/// expected during office hours, not at the odd instant 24 h x N later that
/// <see cref="WorkingCalendar.AddWorkingDays"/> gives for dossiers. Asked on a day off (a Saturday,
/// Tết), counting starts with the next working day. Overdue means strictly after the due instant.
/// </summary>
public sealed class ExplanationDue(WorkingCalendar calendar, TimeOnly? closing = null)
{
    public const int MinDays = 1;
    public const int MaxDays = 30;

    /// <summary>Desk hours end at 17:00 (07:30-11:30, 13:00-17:00).</summary>
    public static readonly TimeOnly DefaultClosing = new(17, 0);

    public static ExplanationDue Default { get; } = new(WorkingCalendar.Default);

    public WorkingCalendar Calendar { get; } = calendar;

    public TimeOnly Closing { get; } = closing ?? DefaultClosing;

    public static bool IsValidDays(int days) => days is >= MinDays and <= MaxDays;

    /// <summary>The closing time of the <paramref name="days"/>th working day after the local day of <paramref name="askedAt"/>.</summary>
    public DateTimeOffset After(DateTimeOffset askedAt, int days)
    {
        if (!IsValidDays(days))
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"Working days must be {MinDays}-{MaxDays}.");
        }
        var day = VietnamTime.LocalDate(askedAt, Calendar.UtcOffset);
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (Calendar.IsWorkingDay(day))
            {
                counted++;
            }
        }
        return On(day);
    }

    /// <summary>The closing time of a local day (a due date a person picked).</summary>
    public DateTimeOffset On(DateOnly day) => new(day.ToDateTime(Closing), Calendar.UtcOffset);
}
