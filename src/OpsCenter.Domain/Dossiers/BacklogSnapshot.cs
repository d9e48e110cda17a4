namespace OpsCenter.Domain.Dossiers;

/// <summary>
/// The figures of one unit for one local day, for sources that cannot send dossier events and
/// only report daily counts. The fields are those of <see cref="BacklogCounts"/>, with the same
/// names, so the snapshot rolls up with <see cref="BacklogCounts.Sum"/> like computed figures.
/// Stocks (carried over, in progress) are as at the end of <see cref="Day"/>; flows are that day's.
/// </summary>
public sealed record BacklogSnapshot : BacklogCounts
{
    public required string UnitCode { get; init; }

    public required DateOnly Day { get; init; }
}
