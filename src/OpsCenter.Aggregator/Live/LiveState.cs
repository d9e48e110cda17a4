using System.Collections.Frozen;
using System.Text.Json;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// The live state of every unit, built only from the event log. One tailer applies events;
/// the publisher and the query API read tiles. Health goes through one lock: the work under it
/// is a few dictionary operations per event or per tile; dossier KPIs live in <see cref="KpiState"/>
/// behind their own lock. The city (79) and the groups have rollup tiles.
/// </summary>
public sealed class LiveState(UnitCatalog units, FreshnessPolicy freshness, KpiState kpis)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, SystemReport>> _reports = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private FrozenDictionary<string, TimeSpan> _intervals = FrozenDictionary<string, TimeSpan>.Empty;
    private TimeSpan _defaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>The log position of the last applied event.</summary>
    public long Position { get; private set; }

    public UnitCatalog Units => units;

    public KpiState Kpis => kpis;

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
        if (events.Count == 0)
        {
            return;
        }
        kpis.Apply(events);
        lock (_lock)
        {
            foreach (var e in events)
            {
                if (e.Kind == DataKinds.Health)
                {
                    ApplyHealth(e);
                }
            }
            Position = events[^1].Position;
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

    /// <summary>The tile of a unit, or the rollup tile of the city (79) or a group (its id).</summary>
    public UnitTile Tile(string unit, DateTimeOffset now)
    {
        if (kpis.IsRollup(unit))
        {
            return RollupTile(unit, kpis.MembersOf(unit).Where(u => u != unit).Select(u => Tile(u, now)), now);
        }
        UnitTile tile;
        lock (_lock)
        {
            tile = BuildTile(unit, now);
        }
        return tile with { Kpis = kpis.TileKpis(unit, now) };
    }

    /// <summary>
    /// Tiles of every unit the city scope covers (communes and departments) in catalogue order,
    /// then the city's own rollup tile.
    /// </summary>
    public IReadOnlyList<UnitTile> CityTiles(DateTimeOffset now)
    {
        var tiles = units.ChildrenOf(units.City.Code).Select(u => Tile(u.Code, now)).ToList();
        tiles.Add(RollupTile(units.City.Code, tiles, now));
        return tiles;
    }

    /// <summary>Tiles of a group's units, then the group's rollup tile (with the group id as its unit).</summary>
    public IReadOnlyList<UnitTile> GroupTiles(string group, DateTimeOffset now)
    {
        var tiles = kpis.MembersOf(group).Select(u => Tile(u, now)).ToList();
        tiles.Add(RollupTile(group, tiles, now));
        return tiles;
    }

    /// <summary>
    /// A scope's tile from its units' tiles: the worst state, the systems counted by state, the
    /// newest sample; KPIs added up by counts. It lists no systems (each unit's tile has them).
    /// </summary>
    public UnitTile RollupTile(string code, IEnumerable<UnitTile> members, DateTimeOffset now)
    {
        var counts = new Dictionary<SystemState, int>();
        DateTimeOffset? last = null;
        foreach (var tile in members)
        {
            foreach (var (state, count) in tile.StateCounts)
            {
                counts[state] = counts.GetValueOrDefault(state) + count;
            }
            if (tile.LastSampleAt > last || last is null)
            {
                last = tile.LastSampleAt;
            }
        }
        return new UnitTile(code, SystemStates.Worst(counts.Keys), counts, last, [], kpis.TileKpis(code, now));
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
