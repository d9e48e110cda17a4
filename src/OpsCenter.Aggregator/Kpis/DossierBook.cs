using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Aggregator.Kpis;

/// <summary>One dossier as tracked live: its fold, when it closed, and its timer version.</summary>
internal sealed class TrackedDossier(string unit, string id)
{
    public string Unit { get; } = unit;

    public string Id { get; } = id;

    public Dossier? Folded { get; set; }

    public List<DossierEvent>? Pending { get; set; }

    /// <summary>When processing ended (or the dossier was refused before acceptance); null while open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset? LastApologyAt { get; set; }

    /// <summary>Bumped on every fold, so that timers scheduled for an older fold are ignored.</summary>
    public int Version { get; set; }

    /// <summary>
    /// Whether the dossier can count in a period: it existed before the period ended and was not
    /// closed before it started (nor has an apology letter in it). Only a fast pre-filter: the
    /// Domain calculator decides.
    /// </summary>
    public bool MayCountIn(DateTimeOffset start, DateTimeOffset end) =>
        Folded is { } d && d.FirstSeenAt < end && (ClosedAt is not { } closed || closed >= start || LastApologyAt >= start);
}

/// <summary>The dossiers of one unit, with a version bumped whenever its figures may have changed.</summary>
internal sealed class UnitDossiers
{
    public Dictionary<string, TrackedDossier> ById { get; } = new(StringComparer.Ordinal);

    public int Version { get; set; }

    public DateTimeOffset? LastEventAt { get; set; }
}

/// <summary>
/// Folds dossier events per unit and dossier id as they are tailed, and keeps a timer queue of the
/// next instant each open dossier turns nearly due or late (<see cref="OnTimeRule.NextChangeAt"/>),
/// so that a unit's figures are recomputed when time alone changes them. Not thread-safe: the
/// owner (<see cref="KpiState"/>) serialises access.
/// </summary>
internal sealed class DossierBook(OnTimeRule rule)
{
    private readonly Dictionary<string, UnitDossiers> _units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _procedureNames = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(TrackedDossier Dossier, int Version), DateTimeOffset> _timers = new();
    private readonly List<TrackedDossier> _pending = [];

    public int DossierCount { get; private set; }

    public int TimerCount => _timers.Count;

    public UnitDossiers? Of(string unit) => _units.GetValueOrDefault(unit);

    public string? ProcedureName(string code) => _procedureNames.GetValueOrDefault(code);

    /// <summary>Queues one event; <see cref="Commit"/> folds the queued events of each dossier once.</summary>
    public bool Add(string unit, DossierEventItem item)
    {
        if (item.DossierId is null || item.ProcedureCode is null || item.At is not { } at
            || item.Status is not { } status || !DossierStatuses.IsDefined(status)
            || item.Channel is not { } channel || channel is < 1 or > 3)
        {
            return false;
        }
        unit = Intern(unit);
        if (!_units.TryGetValue(unit, out var dossiers))
        {
            _units[unit] = dossiers = new UnitDossiers();
        }
        if (!dossiers.ById.TryGetValue(item.DossierId, out var tracked))
        {
            dossiers.ById[item.DossierId] = tracked = new TrackedDossier(unit, item.DossierId);
            DossierCount++;
        }
        if (tracked.Pending is null)
        {
            tracked.Pending = [];
            _pending.Add(tracked);
        }
        var procedure = Intern(item.ProcedureCode);
        if (item.ProcedureName is { } name)
        {
            _procedureNames[procedure] = name;
        }
        tracked.Pending.Add(DossierEventMapping.ToDomain(item, tracked.Id, procedure, unit));
        if (dossiers.LastEventAt is null || at > dossiers.LastEventAt)
        {
            dossiers.LastEventAt = at;
        }
        return true;
    }

    /// <summary>Folds every dossier with queued events, schedules its next change; returns the units touched.</summary>
    public HashSet<string> Commit(DateTimeOffset now)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tracked in _pending)
        {
            var events = tracked.Folded is { } folded ? folded.Events.Concat(tracked.Pending!) : tracked.Pending!;
            tracked.Pending = null;
            Fold(tracked, events, now);
            touched.Add(tracked.Unit);
        }
        _pending.Clear();
        foreach (var unit in touched)
        {
            _units[unit].Version++;
        }
        return touched;
    }

    // One fold: the dossier's facts, when it closed, and the timer of its next change while open.
    private void Fold(TrackedDossier tracked, IEnumerable<DossierEvent> events, DateTimeOffset now)
    {
        tracked.Folded = Dossier.Fold(events);
        tracked.Version++;
        var dossier = tracked.Folded;
        var verdict = rule.Judge(dossier, dossier.Events[^1].At);
        tracked.ClosedAt = verdict.EndedAt
            ?? (!verdict.IsReceived && dossier.LastStatus.IsEnd() ? dossier.Events[^1].At : null);
        tracked.LastApologyAt = dossier.ApologyLetters.Count > 0 ? dossier.ApologyLetters.Max(a => a.IssuedAt) : null;
        if (tracked.ClosedAt is null)
        {
            Schedule(tracked, now);
        }
    }

    /// <summary>
    /// Every unit's folded dossiers (immutable: a fold replaces them), the newest event time per unit
    /// and the procedure names, for a snapshot. Cheap: references are copied, not the dossiers.
    /// </summary>
    public DossierImage Export()
    {
        var units = new List<UnitDossierImage>(_units.Count);
        foreach (var (unit, dossiers) in _units)
        {
            var folded = new List<IReadOnlyList<DossierEvent>>(dossiers.ById.Count);
            foreach (var tracked in dossiers.ById.Values)
            {
                if (tracked.Folded is { } dossier)
                {
                    folded.Add(dossier.Events);
                }
            }
            units.Add(new UnitDossierImage(unit, dossiers.LastEventAt, folded));
        }
        return new DossierImage(units, new Dictionary<string, string>(_procedureNames, StringComparer.Ordinal));
    }

    /// <summary>Loads a snapshot into an empty book: each dossier is folded again from its events and its timer scheduled from <paramref name="now"/>.</summary>
    public void Import(DossierImage image, DateTimeOffset now)
    {
        if (_units.Count > 0)
        {
            throw new InvalidOperationException("A snapshot is loaded into an empty live state only.");
        }
        foreach (var (code, name) in image.ProcedureNames)
        {
            _procedureNames[Intern(code)] = name;
        }
        foreach (var unit in image.Units)
        {
            var code = Intern(unit.Unit);
            var dossiers = _units[code] = new UnitDossiers { LastEventAt = unit.LastEventAt, Version = 1 };
            foreach (var events in unit.Dossiers)
            {
                var tracked = new TrackedDossier(code, events[0].DossierId);
                if (dossiers.ById.TryAdd(tracked.Id, tracked))
                {
                    DossierCount++;
                }
                Fold(tracked, events, now);
            }
        }
    }

    /// <summary>Fires the timers due by <paramref name="now"/>; returns the units whose figures changed.</summary>
    public HashSet<string> AdvanceClock(DateTimeOffset now)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        while (_timers.TryPeek(out var entry, out var at) && at <= now)
        {
            _timers.Dequeue();
            if (entry.Version != entry.Dossier.Version)
            {
                continue; // folded again since: that fold scheduled its own timer
            }
            touched.Add(entry.Dossier.Unit);
            Schedule(entry.Dossier, now);
        }
        foreach (var unit in touched)
        {
            _units[unit].Version++;
        }
        return touched;
    }

    private void Schedule(TrackedDossier tracked, DateTimeOffset now)
    {
        if (rule.NextChangeAt(tracked.Folded!, now) is { } next)
        {
            _timers.Enqueue((tracked, tracked.Version), next);
        }
    }

    internal string Intern(string code)
    {
        if (_codes.TryGetValue(code, out var interned))
        {
            return interned;
        }
        _codes[code] = code;
        return code;
    }
}

/// <summary>The dossiers of one unit as a snapshot holds them: each dossier's events, in its fold's order.</summary>
internal sealed record UnitDossierImage(string Unit, DateTimeOffset? LastEventAt, IReadOnlyList<IReadOnlyList<DossierEvent>> Dossiers);

/// <summary>What <see cref="DossierBook"/> holds, for a snapshot.</summary>
internal sealed record DossierImage(IReadOnlyList<UnitDossierImage> Units, IReadOnlyDictionary<string, string> ProcedureNames);
