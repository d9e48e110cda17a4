using System.Collections.Frozen;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// The live state of every unit, built only from the event log. One tailer applies events;
/// the publisher and the query API read tiles. All access goes through one lock: the work
/// under it is a few dictionary operations per event or per tile.
/// </summary>
public sealed class LiveState(UnitCatalog units, FreshnessPolicy freshness)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, SystemReport>> _reports = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private FrozenDictionary<string, TimeSpan> _intervals = FrozenDictionary<string, TimeSpan>.Empty;
    private TimeSpan _defaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>The log position of the last applied event.</summary>
    public long Position { get; private set; }

    public UnitCatalog Units => units;

    /// <summary>Sets the reporting interval promised by each source (by id), used to judge freshness.</summary>
    public void SetExpectedIntervals(IReadOnlyDictionary<string, TimeSpan> bySource, TimeSpan fallback)
    {
        lock (_lock)
        {
            _intervals = bySource.ToFrozenDictionary(StringComparer.Ordinal);
            _defaultInterval = fallback;
        }
    }

    public void Apply(IReadOnlyList<StoredEvent> events)
    {
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e.Kind == DataKinds.Health)
                {
                    ApplyHealth(e);
                }
                Position = e.Position;
            }
        }
    }

    private void ApplyHealth(StoredEvent e)
    {
        var sample = JsonSerializer.Deserialize<HealthSample>(e.Payload, WireJson.Options);
        if (sample?.System is null || sample.Status is null || sample.CheckedAt is null)
        {
            return;
        }
        if (!_reports.TryGetValue(e.Unit, out var systems))
        {
            _reports[e.Unit] = systems = new Dictionary<string, SystemReport>(StringComparer.Ordinal);
        }
        // A late-arriving older sample (a backfill, a retry) never overrides a newer one.
        if (systems.TryGetValue(sample.System, out var current) && current.CheckedAt > sample.CheckedAt.Value)
        {
            return;
        }
        systems[sample.System] = new SystemReport(sample.Status.Value, sample.LatencyMs, sample.CheckedAt.Value, e.ReceivedAt, e.Source);
        _dirty.Add(e.Unit);
    }

    /// <summary>Units touched by events since the last call.</summary>
    public IReadOnlyCollection<string> TakeDirty()
    {
        lock (_lock)
        {
            var dirty = _dirty.ToArray();
            _dirty.Clear();
            return dirty;
        }
    }

    public UnitTile Tile(string unit, DateTimeOffset now)
    {
        lock (_lock)
        {
            return BuildTile(unit, now);
        }
    }

    /// <summary>Tiles of every unit the city scope covers (communes and departments), in catalogue order.</summary>
    public IReadOnlyList<UnitTile> CityTiles(DateTimeOffset now)
    {
        lock (_lock)
        {
            return units.ChildrenOf(units.City.Code).Select(u => BuildTile(u.Code, now)).ToArray();
        }
    }

    private UnitTile BuildTile(string unit, DateTimeOffset now)
    {
        if (!_reports.TryGetValue(unit, out var systems) || systems.Count == 0)
        {
            return new UnitTile(unit, SystemState.NoData, new Dictionary<SystemState, int>(), null, []);
        }
        var tiles = new List<SystemTile>(systems.Count);
        var counts = new Dictionary<SystemState, int>();
        DateTimeOffset? last = null;
        foreach (var (code, report) in systems.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var interval = _intervals.GetValueOrDefault(report.Source, _defaultInterval);
            var state = SystemStates.From(report.Status, freshness.Classify(now - report.CheckedAt, interval));
            tiles.Add(new SystemTile(code, state, report.Status, report.LatencyMs, report.CheckedAt, report.ReceivedAt));
            counts[state] = counts.GetValueOrDefault(state) + 1;
            if (last is null || report.CheckedAt > last)
            {
                last = report.CheckedAt;
            }
        }
        return new UnitTile(unit, SystemStates.Worst(counts.Keys), counts, last, tiles);
    }

    private sealed record SystemReport(HealthStatus Status, int? LatencyMs, DateTimeOffset CheckedAt, DateTimeOffset ReceivedAt, string Source);
}
