namespace OpsCenter.Domain.Calendar;

/// <summary>
/// Instants are stored in UTC; working days, periods and appointment dates are judged in
/// Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset
/// is exact and avoids depending on the host's time-zone database (Linux containers often lack it).
/// </summary>
public static class VietnamTime
{
    /// <summary>UTC+7, the offset of Asia/Ho_Chi_Minh all year round.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The local calendar day an instant falls on.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeSpan? offset = null) =>
        DateOnly.FromDateTime(instant.ToOffset(offset ?? Offset).DateTime);

    /// <summary>Local midnight starting <paramref name="day"/>, as an instant.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeSpan? offset = null) =>
        new(day.ToDateTime(TimeOnly.MinValue), offset ?? Offset);

    /// <summary>
    /// The last instant of a local day (the next local midnight). Sources that record only an
    /// appointment DATE mean "returned during that day", so the due time is the end of it.
    /// </summary>
    public static DateTimeOffset EndOfDay(DateOnly day, TimeSpan? offset = null) =>
        StartOfDay(day.AddDays(1), offset);
}
