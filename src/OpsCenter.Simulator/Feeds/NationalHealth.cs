using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// The national-scale scenario's extra load: the six systems of every commune-level unit outside
/// HCMC (3,321 units in all with the city's 168), almost all up. The national list loads on first use.
/// </summary>
internal sealed class NationalHealth
{
    private readonly Lazy<string[]> _units = new(() =>
        [.. UnitCatalog.LoadNational().All.Where(u => u.Kind is UnitKind.Ward or UnitKind.Commune or UnitKind.SpecialZone && u.ParentCode != UnitCatalog.HcmcCode).Select(u => u.Code)]);

    private readonly Random _random = new(3321);

    public IEnumerable<HealthSample> Samples(DateTimeOffset now)
    {
        foreach (var unit in _units.Value)
        {
            foreach (var system in SystemCatalog.Standard)
            {
                var status = _random.NextDouble() < 0.002 ? HealthStatus.Down : HealthStatus.Up;
                yield return new HealthSample
                {
                    Unit = unit, System = system.Code, Status = status, CheckedAt = now,
                    LatencyMs = status == HealthStatus.Up ? _random.Next(80, 400) : null,
                };
            }
        }
    }
}
