namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// How long a procedure's dossiers ended in the period took, in working days from acceptance,
/// supplement time excluded. Percentiles interpolate linearly between ranks (Excel's
/// PERCENTILE.INC), so p50 of {1, 2} is 1.5.
/// </summary>
public sealed record ProcessingTimeStats(string ProcedureCode, int Count, double P50, double P90)
{
    public static ProcessingTimeStats From(string procedureCode, IEnumerable<double> workingDays)
    {
        var sorted = workingDays.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("At least one processing time is needed.", nameof(workingDays));
        }
        return new ProcessingTimeStats(procedureCode, sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.9));
    }

    /// <summary>The <paramref name="p"/> quantile (0..1) of ascending <paramref name="sorted"/> values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }
}
