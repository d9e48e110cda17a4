using OpsCenter.Domain.Calendar;

namespace OpsCenter.Aggregator.Kpis;

/// <summary>The period names of the query API and the tiles.</summary>
public static class Periods
{
    public static string Name(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "today",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? text, out PeriodKind kind)
    {
        kind = text switch
        {
            "today" or "day" => PeriodKind.Day,
            "week" => PeriodKind.Week,
            "month" => PeriodKind.Month,
            "quarter" => PeriodKind.Quarter,
            "year" => PeriodKind.Year,
            _ => (PeriodKind)(-1),
        };
        return Enum.IsDefined(kind);
    }
}
