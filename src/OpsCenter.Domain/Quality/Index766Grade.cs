namespace OpsCenter.Domain.Quality;

/// <summary>The band a 766 score (out of 100) falls in.</summary>
public enum Index766Grade
{
    Weak,
    Fair,
    Good,
    Excellent,
}

/// <summary>
/// Score bands. DOMAIN.md fixes two: 90-100 excellent and under 50 weak. The split of 50-90 at
/// 70 into fair and good is our assumption for the wall's colours; change it here if the portal's
/// published bands differ.
/// </summary>
public sealed record Index766GradeBands
{
    public static readonly Index766GradeBands Default = new();

    public double ExcellentFrom { get; init; } = 90;

    public double GoodFrom { get; init; } = 70;

    public double FairFrom { get; init; } = 50;

    public Index766Grade Classify(double score) =>
        score >= ExcellentFrom ? Index766Grade.Excellent
        : score >= GoodFrom ? Index766Grade.Good
        : score >= FairFrom ? Index766Grade.Fair
        : Index766Grade.Weak;
}
