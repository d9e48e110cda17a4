using OpsCenter.Domain.Quality;

namespace OpsCenter.Contracts.Live;

/// <summary>
/// A unit's dossier KPIs for a tile: today and this month, the latest official 766 score and
/// OpsCenter's live 766 estimate (never to be shown as the official score). A null period means
/// no data for it: zero is not missing.
/// </summary>
/// <param name="LastDossierEventAt">When the newest dossier event happened: the age of the figures.</param>
/// <param name="BacklogSnapshotDay">For units that send daily counts only: the day of the counts shown.</param>
public sealed record UnitKpis(
    KpiFigures? Today,
    KpiFigures? Month,
    IndexScore? Official766,
    Index766EstimateView? Estimate766,
    DateTimeOffset? LastDossierEventAt,
    DateOnly? BacklogSnapshotDay = null);

/// <summary>The headline backlog figures of one period; rates are null when their denominator is 0.</summary>
/// <param name="Source"><c>dossiers</c> when computed from dossier events, <c>snapshot</c> when reported as counts.</param>
public sealed record KpiFigures(
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int ToHandle,
    int InProgressLate,
    int InProgressNearlyDue,
    int ProcessedOnTime,
    int ProcessedLate,
    double? LateRate,
    double? OnTimeRate,
    int ApologyLetters,
    double? OnlineShare,
    string Source);

/// <summary>A published index score (official 766, DTI) as imported.</summary>
public sealed record IndexScore(string IndexSet, string Period, decimal Value, decimal Max, DateTimeOffset PublishedAt);

/// <summary>
/// OpsCenter's live estimate of the 766 index from the dossiers it receives: <see cref="IsEstimate"/>
/// is always true and <see cref="Label"/> says so; never the official score.
/// </summary>
/// <param name="ScoreOutOf100">Points over the groups that could be estimated, scaled to 100.</param>
/// <param name="Period">The period whose counts the estimate is computed from (<c>month</c>).</param>
public sealed record Index766EstimateView(
    double? ScoreOutOf100,
    double Points,
    double MaxOfEstimatedGroups,
    Index766Grade? Grade,
    string WeightsVersion,
    string Period,
    bool IsEstimate = true,
    string Label = Index766Estimate.LabelEn,
    string LabelVi = Index766Estimate.LabelVi);
