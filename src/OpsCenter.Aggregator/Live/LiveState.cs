using System.Collections.Frozen;
using System.Text.Json;
using OpsCenter.Aggregator.Alerts;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Events;
using OpsCenter.Aggregator.Health;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// The live state of every unit, built only from the event log. One tailer applies events;
/// the publisher and the query API read tiles. Health goes through one lock: the work under it
/// is a few dictionary operations per event or per tile; dossier KPIs live in <see cref="KpiState"/>
/// behind their own lock. The city (79) and the groups have rollup tiles. Under the same lock it
/// keeps each system's status over time, and derives the feed of changes from what it applies.
/// </summary>
public sealed class LiveState
{
    private readonly Lock _lock = new();
    private readonly ScopeMembers _scopes;
    private readonly FreshnessPolicy _freshness;
    private readonly KpiState _kpis;
    private readonly MaintenanceBook _maintenance;
    private readonly ChangeFeed _changes;
    private readonly ChangeTexts _texts;
    private readonly HealthHistory _history = new();
    private readonly UnitPulses _pulses;
    private readonly IncidentBook _incidents;
    private readonly LateWatch _late;
    private readonly Dictionary<string, Dictionary<string, SystemReport>> _reports = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private FrozenDictionary<string, TimeSpan> _intervals = FrozenDictionary<string, TimeSpan>.Empty;
    private TimeSpan _defaultInterval = TimeSpan.FromMinutes(1);
    private StoredEvent? _lastEvent;
    private byte[] _anchor = [];
    private TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LiveState(UnitCatalog units, ScopeMembers scopes, FreshnessPolicy freshness, KpiState kpis, MaintenanceBook maintenance, ChangeFeed changes)
    {
        (_scopes, _freshness, _kpis, _maintenance, _changes) = (scopes, freshness, kpis, maintenance, changes);
        var texts = _texts = new ChangeTexts(units);
        _pulses = new UnitPulses(freshness, changes, texts);
        _incidents = new IncidentBook(changes, texts);
        _late = new LateWatch(changes, texts);
    }

    /// <summary>The log position of the last applied event.</summary>
    public long Position { get; private set; }

    /// <summary>Sets the reporting interval promised by each source (by id), used to judge freshness.</summary>
    public void SetExpectedIntervals(IReadOnlyDictionary<string, TimeSpan> bySource, TimeSpan fallback)
    {
        lock (_lock)
        {
            _intervals = bySource.ToFrozenDictionary(StringComparer.Ordinal);
            _defaultInterval = fallback;
        }
    }

    /// <summary>Events the live state could not apply (held, not applied), the same on every replica.</summary>
    public Quarantine Quarantine { get; } = new();

    /// <summary>The alerts the log tells of (fired by the evaluators, acted on by people), with their timelines.</summary>
    public AlertBook Alerts { get; } = new();

    /// <summary>
    /// Applies a batch in log order. An event that cannot be applied is quarantined and the rest of
    /// the batch still applies: no event stops the tail. A re-apply instruction applies a
    /// quarantined event again at its place in the log.
    /// </summary>
    public void Apply(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        var from = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Kind == ControlKinds.Reapply)
            {
                ApplyData([.. events.Skip(from).Take(i - from)]);
                Reapply(events[i]);
                from = i + 1;
            }
        }
        ApplyData(from == 0 ? events : [.. events.Skip(from)]);
        lock (_lock)
        {
            Position = events[^1].Position;
            _lastEvent = events[^1];
        }
        Volatile.Read(ref _applied).TrySetResult();
    }

    private void ApplyData(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        _kpis.Apply(events, Quarantine);
        lock (_lock)
        {
            foreach (var e in events)
            {
                try
                {
                    if (e.Kind == DataKinds.Health)
                    {
                        ApplyHealth(e, EventReading.Health(e));
                    }
                    else if (e.Kind == DataKinds.Incident)
                    {
                        _incidents.Apply(e.Unit, EventReading.Incident(e), e.OccurredAt);
                    }
                    else if (AlertKinds.IsAlert(e.Kind))
                    {
                        Alerts.Apply(e);
                    }
                }
                catch (Exception error) when (Quarantine.MayHold(error))
                {
                    Quarantine.Add(e, error);
                }
            }
        }
    }

    // An administrator's instruction, in the log: the event is taken out of quarantine and applied as if
    // it arrived now; if it still cannot be applied it goes back, with one more attempt counted.
    private void Reapply(StoredEvent instruction)
    {
        ReapplyInstruction order;
        try
        {
            order = EventReading.Reapply(instruction);
        }
        catch (Exception error) when (Quarantine.MayHold(error))
        {
            Quarantine.Add(instruction, error);
            return;
        }
        if (Quarantine.Take(order.Position) is not { } held)
        {
            return;
        }
        var before = Quarantine.Quarantined;
        ApplyData([held.Event]);
        if (Quarantine.Quarantined != before)
        {
            Quarantine.SetAttempts(held.Event.Position, held.Attempts + 1);
        }
    }

    /// <summary>
    /// Completes when events are applied after the last <see cref="ResetApplied"/>: the publisher
    /// waits on it, so a change goes out as soon as it is applied, not at the next tick.
    /// </summary>
    public Task Applied => Volatile.Read(ref _applied).Task;

    /// <summary>Called before the changes are taken, so that events applied from then on complete the next <see cref="Applied"/>.</summary>
    public void ResetApplied()
    {
        if (Volatile.Read(ref _applied).Task.IsCompleted)
        {
            Volatile.Write(ref _applied, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>
    /// What the log has made of the live state, for a snapshot: health reports and runs, unit
    /// pulses, open incidents, the change feed, folded dossiers and reported figures. Call it from
    /// the thread that applies events (the tailer), so that all parts are as of <see cref="Position"/>.
    /// Cheap: lists of references to immutable values are copied; serialising is the caller's.
    /// </summary>
    internal LiveImage Export()
    {
        List<ReportImage> reports;
        IReadOnlyList<HistoryImage> history;
        IReadOnlyList<PulseImage> pulses;
        IReadOnlyList<OpenIncident> incidents;
        ChangeFeedImage changes;
        long position;
        byte[] anchor;
        lock (_lock)
        {
            reports = [.. _reports.SelectMany(u => u.Value.Select(s =>
                new ReportImage(u.Key, s.Key, s.Value.Status, s.Value.LatencyMs, s.Value.CheckedAt, s.Value.ReceivedAt, s.Value.Source)))];
            history = _history.Export();
            pulses = _pulses.Export();
            incidents = _incidents.Export();
            changes = _changes.Export();
            position = Position;
            anchor = _lastEvent is { } last ? LiveImage.AnchorOf(last) : _anchor;
        }
        return new LiveImage(position, anchor, reports, history, pulses, incidents, changes, _kpis.Export(), Quarantine.Export(), Alerts.Export());
    }

    /// <summary>Loads a snapshot into this state, which must be empty (nothing applied yet); the tail continues from its position.</summary>
    internal void Import(LiveImage image)
    {
        lock (_lock)
        {
            if (Position != 0 || _reports.Count > 0)
            {
                throw new InvalidOperationException("A snapshot is loaded into an empty live state only.");
            }
        }
        _kpis.Import(image.Kpis);
        Quarantine.Import(image.Quarantine);
        Alerts.Import(image.Alerts);
        lock (_lock)
        {
            foreach (var r in image.Reports)
            {
                if (!_reports.TryGetValue(r.Unit, out var systems))
                {
                    _reports[r.Unit] = systems = new Dictionary<string, SystemReport>(StringComparer.Ordinal);
                }
                systems[r.System] = new SystemReport(r.Status, r.LatencyMs, r.CheckedAt, r.ReceivedAt, r.Source);
                _dirty.Add(r.Unit);
            }
            _history.Import(image.History);
            _pulses.Import(image.Pulses);
            _incidents.Import(image.Incidents);
            _changes.Import(image.Changes);
            Position = image.Position;
            _anchor = image.Anchor;
        }
    }

    private void ApplyHealth(StoredEvent e, HealthSample sample)
    {
        var (system, status, checkedAt) = (sample.System!, sample.Status!.Value, sample.CheckedAt!.Value);
        var interval = _intervals.GetValueOrDefault(e.Source, _defaultInterval);
        _history.Record(e.Unit, system, status, checkedAt, interval * _freshness.LateUpTo);
        _pulses.Sample(e.Unit, checkedAt, e.ReceivedAt, interval);
        if (!_reports.TryGetValue(e.Unit, out var systems))
        {
            _reports[e.Unit] = systems = new Dictionary<string, SystemReport>(StringComparer.Ordinal);
        }
        // A late-arriving older sample (a backfill, a retry) never overrides a newer one.
        if (systems.TryGetValue(system, out var current) && current.CheckedAt > checkedAt)
        {
            return;
        }
        systems[system] = new SystemReport(status, sample.LatencyMs, checkedAt, e.ReceivedAt, e.Source);
        _dirty.Add(e.Unit);
        var kind = status switch
        {
            HealthStatus.Down => ChangeKinds.SystemDown,
            HealthStatus.Degraded => ChangeKinds.SystemDegraded,
            _ => current is null ? null : ChangeKinds.SystemUp, // a first "up" is no news
        };
        if (kind is not null && current?.Status != status)
        {
            _changes.Add(checkedAt, e.Unit, kind, system, current?.Status.ToString().ToLowerInvariant(), status.ToString().ToLowerInvariant(),
                _texts.System(kind, e.Unit, system));
        }
    }

    /// <summary>Units that went quiet by <paramref name="now"/> enter the feed (only once the replay has caught up).</summary>
    public void AdvanceClock(DateTimeOffset now)
    {
        Alerts.Prune(now);
        if (!_changes.Live)
        {
            return;
        }
        lock (_lock)
        {
            _pulses.AdvanceClock(now);
        }
    }

    /// <summary>Compares each unit's late dossiers in progress with the previous publish period's.</summary>
    public void ObserveLate(IEnumerable<UnitTile> tiles, DateTimeOffset now, int count, double share)
    {
        lock (_lock)
        {
            foreach (var tile in tiles)
            {
                if (tile.Kpis?.Today is { } today)
                {
                    _late.Observe(tile.Unit, today.InProgressLate, now, count, share);
                }
            }
        }
    }

    /// <summary>A system's runs of samples ending after <paramref name="from"/>, and since when raw samples are held.</summary>
    public (IReadOnlyList<StatusRun> Runs, DateTimeOffset? CoveredFrom) History(string unit, string system, DateTimeOffset from)
    {
        lock (_lock)
        {
            return (_history.Runs(unit, system, from), _history.CoveredFrom(unit, system));
        }
    }

    public IReadOnlyList<string> HistorySystems(string unit)
    {
        lock (_lock)
        {
            return [.. _history.SystemsOf(unit)];
        }
    }


    public IReadOnlyList<OpenIncident> OpenIncidents(string code)
    {
        var members = _scopes.MembersOf(code).ToHashSet(StringComparer.Ordinal);
        lock (_lock)
        {
            return _incidents.OpenIn(members);
        }
    }

    /// <summary>
    /// What the alert evaluator watches of health, in one pass under the lock: every unit's systems
    /// with the state their tile shows and since when (the run of the status, or when the report
    /// turned stale or silent), each source's last report per unit with its promised interval, and
    /// the open incidents (since they opened).
    /// </summary>
    public (IReadOnlyList<SystemObservation> Systems, IReadOnlyList<SourceObservation> Sources, IReadOnlyList<IncidentObservation> Incidents) ObserveForAlerts(DateTimeOffset now)
    {
        var systems = new List<SystemObservation>();
        var sources = new Dictionary<(string Source, string Unit), (DateTimeOffset LastSeen, TimeSpan Interval)>();
        List<IncidentObservation> incidents;
        lock (_lock)
        {
            foreach (var (unit, reports) in _reports)
            {
                foreach (var (system, report) in reports)
                {
                    var interval = _intervals.GetValueOrDefault(report.Source, _defaultInterval);
                    var freshness = _freshness.Classify(now - report.CheckedAt, interval);
                    var state = _maintenance.IsActive(unit, system, now) ? SystemState.Maintenance : SystemStates.From(report.Status, freshness);
                    var since = freshness switch
                    {
                        Freshness.Stale => report.CheckedAt + (interval * _freshness.LateUpTo),
                        Freshness.Silent => report.CheckedAt + _freshness.SilentAfter(interval),
                        _ => _history.LastRun(unit, system) is { } run && run.Status == report.Status && run.From <= report.CheckedAt ? run.From : report.CheckedAt,
                    };
                    systems.Add(new SystemObservation(unit, system, state, since));
                    var key = (report.Source, unit);
                    if (!sources.TryGetValue(key, out var seen) || seen.LastSeen < report.ReceivedAt)
                    {
                        sources[key] = (report.ReceivedAt, interval);
                    }
                }
            }
            incidents = [.. _incidents.Export().Select(i => new IncidentObservation(i.Unit, i.IncidentId, i.Severity ?? 0, IncidentStatus.Open, i.OpenedAt))];
        }
        return (systems, [.. sources.Select(s => new SourceObservation(s.Key.Source, s.Key.Unit, s.Value.LastSeen, s.Value.Interval))], incidents);
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
        if (_scopes.IsRollup(unit))
        {
            return RollupTile(unit, _scopes.MembersOf(unit).Where(u => u != unit).Select(u => Tile(u, now)), now);
        }
        UnitTile tile;
        lock (_lock)
        {
            tile = BuildTile(unit, now);
        }
        return tile with { Kpis = _kpis.TileKpis(unit, now) };
    }

    /// <summary>
    /// Tiles of every unit the city scope covers (communes and departments) in catalogue order,
    /// then the city's own rollup tile.
    /// </summary>
    public IReadOnlyList<UnitTile> CityTiles(DateTimeOffset now)
    {
        var tiles = _scopes.CityUnits.Select(u => Tile(u.Code, now)).ToList();
        tiles.Add(RollupTile(_scopes.City, tiles, now));
        return tiles;
    }

    /// <summary>Tiles of a group's units, then the group's rollup tile (with the group id as its unit).</summary>
    public IReadOnlyList<UnitTile> GroupTiles(string group, DateTimeOffset now)
    {
        var tiles = _scopes.MembersOf(group).Select(u => Tile(u, now)).ToList();
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
        return new UnitTile(code, SystemStates.Worst(counts.Keys), counts, last, [], _kpis.TileKpis(code, now));
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
            // A planned outage is never shown as down (nor stale): operators know and need not act.
            var state = _maintenance.IsActive(unit, code, now)
                ? SystemState.Maintenance
                : SystemStates.From(report.Status, _freshness.Classify(now - report.CheckedAt, interval));
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
