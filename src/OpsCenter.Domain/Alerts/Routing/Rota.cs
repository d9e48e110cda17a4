namespace OpsCenter.Domain.Alerts.Routing;

/// <summary>One occurrence of a shift: its team, when it starts and ends, and who is on call.</summary>
public sealed record ShiftOccurrence(string TeamId, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> People);

/// <summary>
/// Reads a team's weekly rota in the team's offset. A shift crossing midnight belongs to the day it
/// starts, so Sunday's night shift is on call early on Monday (across the week boundary).
/// </summary>
public static class Rota
{
    /// <summary>Who is on call in <paramref name="team"/> at <paramref name="at"/>: the people of every shift running then, in rota order, once each.</summary>
    public static IReadOnlyList<string> OnCall(RoutingTeam team, DateTimeOffset at) =>
        [.. Occurrences(team, at.AddDays(-1), at.AddDays(1)).Where(s => s.Start <= at && at < s.End).SelectMany(s => s.People).Distinct(StringComparer.Ordinal)];

    /// <summary>The shifts of <paramref name="team"/> starting in (<paramref name="after"/>, <paramref name="until"/>], in time order.</summary>
    public static IReadOnlyList<ShiftOccurrence> StartingBetween(RoutingTeam team, DateTimeOffset after, DateTimeOffset until) =>
        [.. Occurrences(team, after, until).Where(s => s.Start > after && s.Start <= until).OrderBy(s => s.Start)];

    /// <summary>Every occurrence starting on a local day from the day before <paramref name="from"/> to the day of <paramref name="to"/>.</summary>
    private static IEnumerable<ShiftOccurrence> Occurrences(RoutingTeam team, DateTimeOffset from, DateTimeOffset to)
    {
        var offset = LocalClock.OffsetOrCity(team.UtcOffset);
        var first = DateOnly.FromDateTime(from.ToOffset(offset).DateTime).AddDays(-1);
        var last = DateOnly.FromDateTime(to.ToOffset(offset).DateTime);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var shift in team.Shifts.Where(s => s.Days.Contains(day.DayOfWeek)))
            {
                if (LocalClock.Time(shift.From) is not { } start || LocalClock.Time(shift.To) is not { } end)
                {
                    continue;
                }
                var begins = LocalClock.At(day, start, offset);
                var ends = LocalClock.At(end > start ? day : day.AddDays(1), end, offset);
                yield return new ShiftOccurrence(team.Id, begins, ends, shift.People);
            }
        }
    }
}
