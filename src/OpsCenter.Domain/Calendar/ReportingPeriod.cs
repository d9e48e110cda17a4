namespace OpsCenter.Domain.Calendar;

/// <summary>The reporting periods of the backlog figures; weeks run Monday to Sunday.</summary>
public enum PeriodKind
{
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// <summary>
/// A half-open period [<see cref="Start"/>, <see cref="End"/>) bounded by local midnights in
/// Ho Chi Minh City and stored as instants, so "this month" means the city's month, not UTC's.
/// </summary>
public sealed record ReportingPeriod(PeriodKind Kind, DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>A period is current while <paramref name="now"/> is inside it.</summary>
    public bool IsCurrent(DateTimeOffset now) => Contains(now);

    /// <summary>
    /// The instant the period's stocks are judged at: its end, or <paramref name="now"/> while it
    /// is still running (a figure "as at the end of this month" cannot see the future).
    /// </summary>
    public DateTimeOffset JudgedAt(DateTimeOffset now) => now < End ? (now > Start ? now : Start) : End;

    /// <summary>The period of the same kind containing <paramref name="instant"/>.</summary>
    public static ReportingPeriod Containing(PeriodKind kind, DateTimeOffset instant, TimeSpan? utcOffset = null)
    {
        var offset = utcOffset ?? VietnamTime.Offset;
        var day = VietnamTime.LocalDate(instant, offset);
        var (first, next) = kind switch
        {
            PeriodKind.Day => (day, day.AddDays(1)),
            PeriodKind.Week => WeekOf(day),
            PeriodKind.Month => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1)),
            PeriodKind.Quarter => QuarterOf(day),
            PeriodKind.Year => (new DateOnly(day.Year, 1, 1), new DateOnly(day.Year + 1, 1, 1)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return new ReportingPeriod(kind, VietnamTime.StartOfDay(first, offset), VietnamTime.StartOfDay(next, offset));
    }

    /// <summary>The period of <paramref name="kind"/> running now ("today", "this week", ...).</summary>
    public static ReportingPeriod Current(PeriodKind kind, TimeProvider clock, TimeSpan? utcOffset = null) =>
        Containing(kind, clock.GetUtcNow(), utcOffset);

    /// <summary>The period of the same kind just before this one (for "carried over" comparisons).</summary>
    public ReportingPeriod Previous() => Containing(Kind, Start.AddTicks(-1), Start.Offset);

    private static (DateOnly, DateOnly) WeekOf(DateOnly day)
    {
        // DayOfWeek numbers Sunday 0; Monday starts the week here.
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        var monday = day.AddDays(-sinceMonday);
        return (monday, monday.AddDays(7));
    }

    private static (DateOnly, DateOnly) QuarterOf(DateOnly day)
    {
        var first = new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1);
        return (first, first.AddMonths(3));
    }
}
