namespace OpsCenter.Contracts.Ingest;

/// <summary>
/// One published score of an index for one unit and period: the official weekly Decision 766
/// score (<c>qd766</c>), HCMC's own digital-transformation index (<c>hcmc-dti-2025</c>) or the
/// national one (<c>national-dti</c>). <see cref="Indicator"/> is <c>total</c> or a group/component code.
/// </summary>
public sealed class IndexScoreItem
{
    public string? IndexSet { get; set; }

    /// <summary><c>2025-W47</c> for a week, <c>2025</c> for a year, <c>2025-11</c> for a month.</summary>
    public string? Period { get; set; }

    public string? Unit { get; set; }

    public string? Indicator { get; set; }

    public decimal? Value { get; set; }

    public decimal? Max { get; set; }

    /// <summary>When the score was published.</summary>
    public DateTimeOffset? PublishedAt { get; set; }
}
