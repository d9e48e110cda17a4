using OpsCenter.Domain.Calendar;

namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// The backlog figures of a scope for a period, with where late dossiers wait and how long
/// processing takes. <see cref="JudgedAt"/> is the period end, or the moment of computing while
/// the period is still running.
/// </summary>
/// <param name="LateByProcedure">Late dossiers still in progress, by procedure code.</param>
/// <param name="LateByStage">Late dossiers still in progress, by their last status.</param>
/// <param name="ProcessingTimes">Per procedure; empty in a rollup (see <see cref="Rollup"/>).</param>
public sealed record BacklogFigures(
    string Scope,
    ReportingPeriod Period,
    DateTimeOffset JudgedAt,
    BacklogCounts Counts,
    IReadOnlyDictionary<string, int> LateByProcedure,
    IReadOnlyDictionary<DossierStatus, int> LateByStage,
    IReadOnlyList<ProcessingTimeStats> ProcessingTimes)
{
    /// <summary>
    /// Adds the figures of several units of the same period into one scope: counts and late
    /// breakdowns are summed and rates re-derived from the sums. Percentiles do not add, so the
    /// rollup has no processing times: compute them from the dossiers of all units instead
    /// (<see cref="BacklogCalculator"/> accepts any set of dossiers).
    /// </summary>
    public static BacklogFigures Rollup(string scope, IReadOnlyCollection<BacklogFigures> parts)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("Nothing to roll up.", nameof(parts));
        }
        var first = parts.First();
        if (parts.Any(p => p.Period != first.Period))
        {
            throw new ArgumentException("Only figures of the same period can be added.", nameof(parts));
        }
        return new BacklogFigures(scope, first.Period, parts.Max(p => p.JudgedAt),
            BacklogCounts.Sum(parts.Select(p => p.Counts)),
            SumBy(parts.Select(p => p.LateByProcedure)),
            SumBy(parts.Select(p => p.LateByStage)),
            []);
    }

    private static Dictionary<TKey, int> SumBy<TKey>(IEnumerable<IReadOnlyDictionary<TKey, int>> maps)
        where TKey : notnull
    {
        var sum = new Dictionary<TKey, int>();
        foreach (var (key, count) in maps.SelectMany(m => m))
        {
            sum[key] = sum.GetValueOrDefault(key) + count;
        }
        return sum;
    }
}
