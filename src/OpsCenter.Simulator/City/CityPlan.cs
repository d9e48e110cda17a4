using OpsCenter.Domain.Units;

namespace OpsCenter.Simulator.City;

/// <summary>
/// The fixed facts of the simulated city, all drawn from the seed: each unit's profile, the few
/// clearly worse units, the units that only send daily counts, and the wards each scenario
/// touches. The same seed always gives the same plan.
/// </summary>
public sealed class CityPlan
{
    public const int OutageWardCount = 12;
    private readonly Dictionary<string, UnitProfile> _profiles = new(StringComparer.Ordinal);

    public CityPlan(UnitCatalog units, int seed, IEnumerable<string>? avoid = null)
    {
        Seed = seed;
        Units = units;
        var avoided = (avoid ?? []).ToHashSet(StringComparer.Ordinal);
        var pick = Seeded.For(seed, "plan");
        // Shuffled once; each role takes the next wards, so no ward has two roles.
        var wards = units.CommuneLevel.Select(u => u.Code).Where(c => !avoided.Contains(c)).OrderBy(_ => pick.Next()).ToList();
        var queue = new Queue<string>(wards);
        WorseUnits = Take(queue, 3);
        CountsOnlyUnits = Take(queue, 4);
        SilentWard = queue.Dequeue();
        OutageWards = Take(queue, OutageWardCount);
        FloodWards = Take(queue, 4);
        var departments = units.Departments.Select(d => d.Code).OrderBy(_ => pick.Next()).ToList();
        Weak766Units = new HashSet<string>([.. WorseUnits, .. Take(queue, 2), departments[0], departments[1]], StringComparer.Ordinal);
        WorseUnits = new HashSet<string>([.. WorseUnits, departments[0]], StringComparer.Ordinal);

        var origins = UnitLineage.LoadHcmc(units).OriginProvinces();
        MergerGroup = "origin-binh-duong";
        MergerUnits = units.CommuneLevel.Where(u => origins.GetValueOrDefault(u.Code) == "74").Select(u => u.Code).ToHashSet(StringComparer.Ordinal);

        foreach (var unit in units.CommuneLevel.Concat(units.Departments))
        {
            _profiles[unit.Code] = ProfileOf(unit.Code, unit.Kind == UnitKind.Department);
        }
    }

    public int Seed { get; }

    public UnitCatalog Units { get; }

    /// <summary>Units (3 wards and a department) whose dossiers go late far more often.</summary>
    public IReadOnlySet<string> WorseUnits { get; }

    /// <summary>Wards whose one-stop system can only send daily backlog counts, never dossier events.</summary>
    public IReadOnlySet<string> CountsOnlyUnits { get; }

    public string SilentWard { get; }

    public IReadOnlySet<string> OutageWards { get; }

    public IReadOnlySet<string> FloodWards { get; }

    public IReadOnlySet<string> Weak766Units { get; }

    public string MergerGroup { get; }

    /// <summary>The wards of the default group origin-binh-duong (36 wards from former Bình Dương).</summary>
    public IReadOnlySet<string> MergerUnits { get; }

    internal IReadOnlyCollection<UnitProfile> Profiles => _profiles.Values;

    /// <summary>Units that send dossier events: every commune-level unit and department but the counts-only ones.</summary>
    public IReadOnlyList<string> DossierUnits => [.. _profiles.Keys.Where(c => !CountsOnlyUnits.Contains(c)).Order(StringComparer.Ordinal)];

    internal UnitProfile Profile(string code) => _profiles[code];

    private UnitProfile ProfileOf(string code, bool department)
    {
        var random = Seeded.For(Seed, "profile/" + code);
        var size = (SizeClass)random.Next(3);
        var worse = WorseUnits.Contains(code);
        var weak = Weak766Units.Contains(code);
        return new UnitProfile(
            code,
            department,
            size,
            UnitProfile.VolumeFor(size, random),
            random.Between(0.61, 0.69),
            worse ? random.Between(0.14, 0.20) : random.Between(0.03, 0.055),
            Math.Round(weak ? random.Between(55, 68) : random.Between(80, 90), 2),
            Math.Round(weak ? random.Between(45, 60) : random.Between(65, 92), 2));
    }

    private static HashSet<string> Take(Queue<string> queue, int count)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            set.Add(queue.Dequeue());
        }
        return set;
    }
}
