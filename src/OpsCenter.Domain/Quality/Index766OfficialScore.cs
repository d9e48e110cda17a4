namespace OpsCenter.Domain.Quality;

/// <summary>
/// The OFFICIAL weekly 766 score of a unit, imported from the national portal's publication.
/// Never computed here; kept apart from <see cref="Index766Estimate"/> so the two cannot be mixed.
/// </summary>
/// <param name="Groups">Points per group as published; groups the publication omits are absent.</param>
public sealed record Index766OfficialScore(
    string UnitCode,
    int Year,
    int Week,
    double Total,
    IReadOnlyDictionary<Index766Group, double> Groups,
    string WeightsVersion);
