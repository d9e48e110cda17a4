namespace OpsCenter.Domain.Quality;

/// <summary>One group of a live estimate; <see cref="Points"/> is null when it cannot be estimated.</summary>
public sealed record Index766GroupEstimate(Index766Group Group, double? Points, double Max);

/// <summary>
/// OpsCenter's LIVE ESTIMATE of the 766 index, computed from the dossier events it receives. It is
/// NOT the official weekly score (<see cref="Index766OfficialScore"/>): the portal uses data and
/// criteria we do not have (publicity is not estimated at all). Label it as an estimate wherever
/// it is shown (<see cref="LabelVi"/>, <see cref="LabelEn"/>).
/// </summary>
/// <param name="Points">Sum of the estimated groups.</param>
/// <param name="MaxOfEstimatedGroups">Sum of the maxima of the groups that could be estimated.</param>
/// <param name="ScoreOutOf100">Points scaled to 100 over the estimated groups; null when none could be.</param>
/// <param name="ComplaintsIncluded">False when no complaint count was given, so satisfaction assumed none.</param>
public sealed record Index766Estimate(
    string WeightsVersion,
    IReadOnlyList<Index766GroupEstimate> Groups,
    double Points,
    double MaxOfEstimatedGroups,
    double? ScoreOutOf100,
    Index766Grade? Grade,
    bool ComplaintsIncluded)
{
    public const string LabelVi = "Ước tính trực tiếp, không phải điểm công bố chính thức";

    public const string LabelEn = "Live estimate, not the official published score";

    public Index766GroupEstimate this[Index766Group group] => Groups.Single(g => g.Group == group);
}
