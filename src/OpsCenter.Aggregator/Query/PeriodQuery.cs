using System.Globalization;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Domain.Calendar;

namespace OpsCenter.Aggregator.Query;

/// <summary>
/// The <c>period</c> and <c>date</c> parameters of the KPI queries: the period of that kind running
/// now, or the one containing <c>date</c> (a day in Vietnam, <c>yyyy-MM-dd</c>, from 2000-01-01 to
/// today), so "last month" is <c>period=month&amp;date=</c> any day of it.
/// </summary>
internal static class PeriodQuery
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static bool TryResolve(string? period, string? date, string fallback, DateTimeOffset now,
        out PeriodKind kind, out ReportingPeriod range, out Dictionary<string, string[]>? problem)
    {
        range = null!;
        problem = null;
        if (!Periods.TryParse(period ?? fallback, out kind))
        {
            problem = QueryProblems.Invalid("period", "Use today, week, month, quarter or year.");
            return false;
        }
        var at = now;
        if (date is not null)
        {
            var today = VietnamTime.LocalDate(now);
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day < Earliest || day > today)
            {
                problem = QueryProblems.Invalid("date", $"Use a day from {Earliest:yyyy-MM-dd} to today ({today:yyyy-MM-dd}) as yyyy-MM-dd.");
                return false;
            }
            at = VietnamTime.StartOfDay(day);
        }
        range = ReportingPeriod.Containing(kind, at);
        return true;
    }
}
