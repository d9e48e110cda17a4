namespace OpsCenter.Domain.Quality;

/// <summary>
/// The maximum points of each 766 group, as versioned configuration: the national rules change
/// over time and a score must be computed with the weights in force on its date.
/// </summary>
public sealed record Index766Weights(
    string Version,
    DateOnly EffectiveFrom,
    double Publicity,
    double Progress,
    double Digitisation,
    double OnlineService,
    double Satisfaction)
{
    /// <summary>The maxima of Decision 766/QĐ-TTg of 23 June 2022 (18/20/22/22/18, DOMAIN.md).</summary>
    public static readonly Index766Weights Decision766Of2022 = new("766/2022", new DateOnly(2022, 6, 23), 18, 20, 22, 22, 18);

    public double Total => Publicity + Progress + Digitisation + OnlineService + Satisfaction;

    public double MaxOf(Index766Group group) => group switch
    {
        Index766Group.Publicity => Publicity,
        Index766Group.Progress => Progress,
        Index766Group.Digitisation => Digitisation,
        Index766Group.OnlineService => OnlineService,
        Index766Group.Satisfaction => Satisfaction,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, null),
    };

    /// <summary>The version in force on <paramref name="day"/>: the latest that took effect by then.</summary>
    public static Index766Weights EffectiveOn(IEnumerable<Index766Weights> versions, DateOnly day) =>
        versions.Where(v => v.EffectiveFrom <= day).MaxBy(v => v.EffectiveFrom)
        ?? throw new InvalidOperationException($"No 766 weights were in force on {day:yyyy-MM-dd}.");
}
