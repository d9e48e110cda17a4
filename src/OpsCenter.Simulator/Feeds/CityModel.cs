using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Feeds;

/// <summary>
/// A deterministic model of the city's systems: every ward runs the six standard systems; most
/// are up, a few fail for minutes at a time, and a handful of wards (chosen by the seed) are
/// clearly less reliable than the rest. The same seed and the same sequence of ticks give the
/// same samples.
/// </summary>
public sealed class CityModel
{
    /// <summary>Chance per system per tick that an outage starts (about 1 in 10,000 samples).</summary>
    private const double OutageChance = 0.0001;
    private const double FlakyFactor = 15;

    private readonly Random _random;
    private readonly SystemSim[] _systems;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Unit, string System), HealthStatus> _last = [];

    private readonly ScenarioEffects? _effects;

    public CityModel(UnitCatalog units, IOptions<SimulatorOptions> options, ScenarioEffects? effects = null)
    {
        _effects = effects;
        _random = new Random(options.Value.Seed);
        var wards = units.CommuneLevel;
        FlakyUnits = wards.OrderBy(_ => _random.Next()).Take(6).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        _systems = [.. wards.SelectMany(w => SystemCatalog.Standard.Select(s => new SystemSim(w.Code, s.Code, FlakyUnits.Contains(w.Code))))];
    }

    /// <summary>Wards whose systems fail far more often than the rest.</summary>
    public IReadOnlySet<string> FlakyUnits { get; }

    public int SystemCount => _systems.Length;

    /// <summary>The status a system reported last (what its own health endpoint says), or null if unknown.</summary>
    public HealthStatus? CurrentStatus(string unit, string system)
    {
        lock (_lock)
        {
            return _last.TryGetValue((unit, system), out var status) ? status : null;
        }
    }

    /// <summary>One health sample for every system, as of <paramref name="now"/>.</summary>
    public IReadOnlyList<HealthSample> NextHealth(DateTimeOffset now, TimeSpan tick)
    {
        lock (_lock)
        {
            var samples = new HealthSample[_systems.Length];
            for (var i = 0; i < _systems.Length; i++)
            {
                samples[i] = Step(_systems[i], now, tick);
            }
            return samples;
        }
    }

    private HealthSample Step(SystemSim s, DateTimeOffset now, TimeSpan tick)
    {
        if (s.OutageLeft > TimeSpan.Zero)
        {
            s.OutageLeft -= tick;
        }
        else
        {
            var chance = OutageChance * (s.Flaky ? FlakyFactor : 1);
            if (_random.NextDouble() < chance)
            {
                s.OutageStatus = _random.NextDouble() < 0.6 ? HealthStatus.Down : HealthStatus.Degraded;
                s.OutageLeft = TimeSpan.FromSeconds(_random.Next(60, 12 * 60));
            }
        }
        var status = s.OutageLeft > TimeSpan.Zero ? s.OutageStatus : HealthStatus.Up;
        var scenarioDown = s.System == SystemCatalog.CivilStatus.Code && _effects?.CivilStatusDown(s.Unit) == true;
        status = scenarioDown ? HealthStatus.Down : status;
        _last[(s.Unit, s.System)] = status;
        return new HealthSample
        {
            Unit = s.Unit,
            System = s.System,
            Status = status,
            LatencyMs = status switch
            {
                HealthStatus.Down => null,
                HealthStatus.Degraded => _random.Next(1500, 4500),
                _ => (int)Math.Round(Math.Exp(4.8 + (_random.NextDouble() * 0.9))),
            },
            CheckedAt = now,
            Detail = scenarioDown ? "civil-status-outage" : status == HealthStatus.Down ? (_random.NextDouble() < 0.5 ? "HTTP 503" : "timeout") : null,
        };
    }

    private sealed class SystemSim(string unit, string system, bool flaky)
    {
        public string Unit { get; } = unit;

        public string System { get; } = system;

        public bool Flaky { get; } = flaky;

        public TimeSpan OutageLeft { get; set; }

        public HealthStatus OutageStatus { get; set; }
    }
}
