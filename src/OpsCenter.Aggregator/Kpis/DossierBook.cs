using OpsCenter.Aggregator.Events;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Kpis;

/// <summary>One dossier as tracked live: its fold, when it closed, and its timer version.</summary>
internal sealed class TrackedDossier(string unit, string id)
{
    public string Unit { get; } = unit;

    public string Id { get; } = id;

    public Dossier? Folded { get; set; }

    /// <summary>Events queued since the last fold, each with the log event it came from (to quarantine it if it cannot be folded).</summary>
    public List<(DossierEvent Event, StoredEvent? Origin)>? Pending { get; set; }

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

    /// <summary>Procedure names as this unit's sources call them: one unit never renames another's.</summary>
    public Dictionary<string, string> ProcedureNames { get; } = new(StringComparer.Ordinal);
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
    private readonly PriorityQueue<(TrackedDossier Dossier, int Version), DateTimeOffset> _timers = new();
    private readonly List<TrackedDossier> _pending = [];

    public int DossierCount { get; private set; }

    public int TimerCount => _timers.Count;

    public UnitDossiers? Of(string unit) => _units.GetValueOrDefault(unit);

    /// <summary>The name of a procedure as the unit's own sources give it.</summary>
    public string? ProcedureName(string unit, string code) => _units.GetValueOrDefault(unit)?.ProcedureNames.GetValueOrDefault(code);

    /// <summary>Queues one event; <see cref="Commit"/> folds the queued events of each dossier once.</summary>
    public bool Add(string unit, DossierEventItem item, StoredEvent? origin = null)
    {
        if (item.DossierId is null || item.ProcedureCode is null || item.At is null
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
            dossiers.ProcedureNames[procedure] = name;
        }
        tracked.Pending.Add((DossierEventMapping.ToDomain(item, tracked.Id, procedure, unit), origin));
        return true;
    }

    /// <summary>
    /// Folds every dossier with queued events, schedules its next change; returns the units touched.
    /// When a dossier's events cannot be folded together, they are folded one at a time in log
    /// order and each that cannot be is handed to <paramref name="quarantine"/> (the dossier goes on
    /// without it); with no quarantine the error is thrown.
    /// </summary>
    public HashSet<string> Commit(DateTimeOffset now, Action<StoredEvent, Exception>? quarantine = null)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tracked in _pending)
        {
            var pending = tracked.Pending!;
            tracked.Pending = null;
            try
            {
                Fold(tracked, tracked.Folded is { } folded ? [.. folded.Events, .. pending.Select(p => p.Event)] : [.. pending.Select(p => p.Event)], now);
                Seen(tracked, pending.Select(p => p.Event));
            }
            catch (Exception error) when (quarantine is not null && Quarantine.MayHold(error))
            {
                FoldOneByOne(tracked, pending, now, quarantine);
            }
            touched.Add(tracked.Unit);
        }
        _pending.Clear();
        foreach (var unit in touched)
        {
            _units[unit].Version++;
        }
        return touched;
    }

    private void FoldOneByOne(TrackedDossier tracked, List<(DossierEvent Event, StoredEvent? Origin)> pending, DateTimeOffset now, Action<StoredEvent, Exception> quarantine)
    {
        List<DossierEvent> kept = [.. tracked.Folded?.Events ?? []];
        var before = kept.Count;
        foreach (var (e, origin) in pending)
        {
            try
            {
                Judge([.. kept, e]);
                kept.Add(e);
            }
            catch (Exception error) when (Quarantine.MayHold(error))
            {
                if (origin is not null)
                {
                    quarantine(origin, error);
                }
            }
        }
        if (kept.Count == 0)
        {
            // Nothing of this dossier could be applied: it is not tracked at all.
            _units[tracked.Unit].ById.Remove(tracked.Id);
            DossierCount--;
        }
        else if (kept.Count > before)
        {
            Fold(tracked, kept, now);
            Seen(tracked, kept.Skip(before));
        }
    }

    private void Seen(TrackedDossier tracked, IEnumerable<DossierEvent> applied)
    {
        var dossiers = _units[tracked.Unit];
        foreach (var e in applied)
        {
            if (dossiers.LastEventAt is null || e.At > dossiers.LastEventAt)
            {
                dossiers.LastEventAt = e.At;
            }
        }
    }

    // The part of a fold that depends only on the events: what decides whether they can be applied.
    private (Dossier Dossier, DossierJudgement Verdict) Judge(IReadOnlyList<DossierEvent> events)
    {
        var dossier = Dossier.Fold(events);
        return (dossier, rule.Judge(dossier, dossier.Events[^1].At));
    }

    // One fold: the dossier's facts, when it closed, and the timer of its next change while open.
    // Nothing of the tracked dossier changes unless the events fold and judge.
    private void Fold(TrackedDossier tracked, IReadOnlyList<DossierEvent> events, DateTimeOffset now)
    {
        var (dossier, verdict) = Judge(events);
        tracked.Folded = dossier;
        tracked.Version++;
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
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (unit, dossiers) in _units)
        {
            foreach (var (code, name) in dossiers.ProcedureNames)
            {
                names[ProcedureKey(unit, code)] = name;
            }
        }
        return new DossierImage(units, names);
    }

    /// <summary>Loads a snapshot into an empty book: each dossier is folded again from its events and its timer scheduled from <paramref name="now"/>.</summary>
    public void Import(DossierImage image, DateTimeOffset now)
    {
        if (_units.Count > 0)
        {
            throw new InvalidOperationException("A snapshot is loaded into an empty live state only.");
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
        foreach (var (key, name) in image.ProcedureNames)
        {
            var bar = key.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && _units.TryGetValue(key[..bar], out var dossiers))
            {
                dossiers.ProcedureNames[Intern(key[(bar + 1)..])] = name;
            }
        }
    }

    // Unit codes and procedure codes never hold '|' (ingest allows letters, digits and . _ - : / only).
    private static string ProcedureKey(string unit, string code) => $"{unit}|{code}";

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

/// <summary>What <see cref="DossierBook"/> holds, for a snapshot; procedure names keyed <c>unit|procedure</c>.</summary>
internal sealed record DossierImage(IReadOnlyList<UnitDossierImage> Units, IReadOnlyDictionary<string, string> ProcedureNames);
