namespace OpsCenter.Simulator.City;

/// <summary>
/// Size classes of desks. No population data ships with OpsCenter, so a unit's class is ASSUMED,
/// drawn from the seed (a third each); DOMAIN.md only says wards serve 60,000-100,000+ people
/// and the first days after the reform saw about 50 dossiers per commune per day.
/// </summary>
internal enum SizeClass
{
    Small,
    Medium,
    Large,
}

/// <summary>How one unit behaves in the simulated city; all of it derived from the seed.</summary>
/// <param name="DailyVolume">Dossiers accepted on a normal working day (50-100 by size class).</param>
/// <param name="OnlineShare">Share submitted online (channel 2), 60-70%.</param>
/// <param name="LateShare">Chance a dossier ends after its appointment.</param>
/// <param name="Index766">The unit's usual official weekly 766 score.</param>
/// <param name="Dti">The unit's HCMC DTI 2025 total (out of 100).</param>
internal sealed record UnitProfile(
    string Code,
    bool Department,
    SizeClass Size,
    int DailyVolume,
    double OnlineShare,
    double LateShare,
    double Index766,
    double Dti)
{
    public static int VolumeFor(SizeClass size, Random random) => size switch
    {
        SizeClass.Small => random.Next(52, 65),
        SizeClass.Medium => random.Next(65, 80),
        _ => random.Next(80, 95),
    };
}
