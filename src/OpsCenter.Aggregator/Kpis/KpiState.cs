using OpsCenter.Aggregator.Events;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Dossiers;
using OpsCenter.Domain.Quality;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Kpis;

/// <summary>
/// The dossier KPIs of every unit, the city and the groups, computed by the Domain rules from the
/// folded dossiers. Figures are computed lazily and cached per scope and period; a unit's cache
/// entry is valid until one of its dossiers changes (an event, or a timer when a dossier turns
/// nearly due or late). Rollups add the units' counts (never average rates). One lock guards it:
/// the tailer applies batches, the publisher and the query API read.
/// </summary>
public sealed class KpiState
{
    private readonly Lock _lock = new();
    private readonly DossierBook _book;
    private readonly ReportedScores _reported = new();
    private readonly Dictionary<(string Code, PeriodKind Kind, DateTimeOffset Start), (int Version, BacklogFigures Figures)> _cache = [];
    private readonly BacklogCalculator _calculator;
    private readonly Index766Estimator _estimator;
    private readonly ScopeMembers _scopes;
    private readonly TimeProvider _time;
    private int _version;

    public KpiState(ScopeMembers scopes, OnTimeRule rule, TimeProvider time)
    {
        _scopes = scopes;
        _time = time;
        _book = new DossierBook(rule);
        _calculator = new BacklogCalculator(rule);
        _estimator = new Index766Estimator(Index766Weights.EffectiveOn([Index766Weights.Decision766Of2022], VietnamTime.LocalDate(time.GetUtcNow())));
    }

    public OnTimeRule Rule => _calculator.Rule;

    /// <summary>Dossiers tracked and timers queued: the size of the live state.</summary>
    public (int Dossiers, int Timers) Size
    {
        get
        {
            lock (_lock)
            {
                return (_book.DossierCount, _book.TimerCount);
            }
        }
    }

    /// <summary>
    /// Applies the dossier, backlog and index events of a batch. An event that cannot be read or
    /// folded goes to <paramref name="quarantine"/> (when given; otherwise the error is thrown) and
    /// the rest of the batch is applied.
    /// </summary>
    public void Apply(IReadOnlyList<StoredEvent> events, Quarantine? quarantine = null)
    {
        var dossiers = new List<(StoredEvent Event, DossierEventItem Item)>();
        var scores = new List<(StoredEvent Event, IndexScoreItem Item)>();
        var snapshots = new List<(StoredEvent Event, BacklogSnapshotItem Item)>();
        foreach (var e in events)
        {
            try
            {
                switch (e.Kind)
                {
                    case DataKinds.Dossier:
                        dossiers.Add((e, EventReading.Dossier(e)));
                        break;
                    case DataKinds.IndexScore:
                        scores.Add((e, EventReading.IndexScore(e)));
                        break;
                    case DataKinds.Backlog:
                        snapshots.Add((e, EventReading.Backlog(e)));
                        break;
                    default:
                        break;
                }
            }
            catch (Exception error) when (quarantine is not null && Quarantine.MayHold(error))
            {
                quarantine.Add(e, error);
            }
        }
        if (dossiers.Count + scores.Count + snapshots.Count == 0)
        {
            return;
        }
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            foreach (var (e, item) in dossiers)
            {
                _book.Add(e.Unit, item, e);
            }
            _book.Commit(now, quarantine is null ? null : quarantine.Add);
            foreach (var (e, item) in scores)
            {
                Guarded(quarantine, e, () => _reported.Add(e.Unit, item));
            }
            foreach (var (e, item) in snapshots)
            {
                Guarded(quarantine, e, () => _reported.Add(e.Unit, item, e.ReceivedAt));
            }
            _version++;
        }
    }

    private static void Guarded(Quarantine? quarantine, StoredEvent e, Func<bool> apply)
    {
        try
        {
            apply();
        }
        catch (Exception error) when (quarantine is not null && Quarantine.MayHold(error))
        {
            quarantine.Add(e, error);
        }
    }

    /// <summary>The folded dossiers and reported figures, for a snapshot (references to immutable values, taken under the lock).</summary>
    internal KpiImage Export()
    {
        lock (_lock)
        {
            return new KpiImage(_book.Export(), _reported.Export());
        }
    }

    /// <summary>Loads a snapshot into an empty state; timers are scheduled from the current time.</summary>
    internal void Import(KpiImage image)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            _book.Import(image.Dossiers, now);
            _reported.Import(image.Reported);
            _cache.Clear();
            _version++;
        }
    }

    /// <summary>Fires the dossier timers due by <paramref name="now"/> (dossiers turning nearly due or late).</summary>
    public void AdvanceClock(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_book.AdvanceClock(now).Count > 0)
            {
                _version++;
            }
        }
    }

    /// <summary>The figures of a unit, the city or a group for a period; null when it has no data for it.</summary>
    public BacklogFigures? Figures(string code, ReportingPeriod period, DateTimeOffset now)
    {
        lock (_lock)
        {
            return FiguresOf(code, period, now);
        }
    }

    /// <summary>
    /// As <see cref="Figures"/>, with processing-time percentiles also for rollups: percentiles do
    /// not add, so they are computed from the dossiers of all the units.
    /// </summary>
    public BacklogFigures? FiguresWithProcessingTimes(string code, ReportingPeriod period, DateTimeOffset now)
    {
        lock (_lock)
        {
            var figures = FiguresOf(code, period, now);
            if (figures is null || !_scopes.IsRollup(code))
            {
                return figures;
            }
            var all = _calculator.Compute(code, period, RelevantDossiers(_scopes.MembersOf(code), period), now);
            return figures with { ProcessingTimes = all.ProcessingTimes };
        }
    }

    public IndexScore? LatestIndex(string code, string indexSet)
    {
        lock (_lock)
        {
            return _reported.Latest(code, indexSet);
        }
    }

    public DateTimeOffset? LastDossierEventAt(string code)
    {
        lock (_lock)
        {
            return _scopes.MembersOf(code).Select(u => _book.Of(u)?.LastEventAt).Max();
        }
    }

    /// <summary>The live 766 estimate from a period's counts.</summary>
    public Index766Estimate Estimate(BacklogCounts counts) => _estimator.Estimate(counts);

    /// <summary>What a tile shows: today, this month and the 766 scores; null when the scope has sent nothing.</summary>
    public UnitKpis? TileKpis(string code, DateTimeOffset now)
    {
        lock (_lock)
        {
            var today = FiguresOf(code, ReportingPeriod.Containing(PeriodKind.Day, now), now);
            var month = FiguresOf(code, ReportingPeriod.Containing(PeriodKind.Month, now), now);
            var official = _reported.Latest(code, ReportedScores.Official766);
            var last = _scopes.MembersOf(code).Select(u => _book.Of(u)?.LastEventAt).Max();
            if (today is null && month is null && official is null)
            {
                return null;
            }
            var snapshot = !_scopes.IsRollup(code) && _book.Of(code) is null
                ? _reported.Snapshot(code, VietnamTime.LocalDate(now))
                : null;
            return new UnitKpis(
                today is null ? null : KpiWire.Headline(today, snapshot is null ? "dossiers" : "snapshot", snapshot?.OnlineKnown ?? true),
                month is null ? null : KpiWire.Headline(month, "dossiers", true),
                official,
                month is null ? null : KpiWire.Estimate(_estimator.Estimate(month.Counts), PeriodKind.Month),
                last,
                snapshot?.Counts.Day);
        }
    }

    /// <summary>
    /// The figures the alert rules watch, for each unit with data, under one lock: late dossiers in
    /// progress (today's), the on-time rate and the live 766 estimate (this month's). Cached figures
    /// make it cheap; units with nothing for either period are left out (unknown never alerts).
    /// </summary>
    public IReadOnlyList<Domain.Alerts.UnitFigures> AlertFigures(IEnumerable<string> units, DateTimeOffset now)
    {
        var day = ReportingPeriod.Containing(PeriodKind.Day, now);
        var month = ReportingPeriod.Containing(PeriodKind.Month, now);
        var figures = new List<Domain.Alerts.UnitFigures>();
        lock (_lock)
        {
            foreach (var unit in units)
            {
                var today = FiguresOf(unit, day, now);
                var thisMonth = FiguresOf(unit, month, now);
                if (today is null && thisMonth is null)
                {
                    continue;
                }
                figures.Add(new Domain.Alerts.UnitFigures(unit, today?.Counts.InProgressLate, thisMonth?.Counts.OnTimeRate,
                    thisMonth is null ? null : _estimator.Estimate(thisMonth.Counts).ScoreOutOf100, now));
            }
        }
        return figures;
    }

    /// <summary>Late dossiers in progress, oldest due time first.</summary>
    public (int Total, IReadOnlyList<LateDossier> Oldest) LateDossiers(string code, DateTimeOffset now, int limit)
    {
        lock (_lock)
        {
            var late = new List<LateDossier>();
            foreach (var unit in _scopes.MembersOf(code))
            {
                if (_book.Of(unit) is not { } dossiers)
                {
                    continue;
                }
                foreach (var tracked in dossiers.ById.Values)
                {
                    if (tracked.ClosedAt is not null || tracked.Folded is not { } dossier)
                    {
                        continue;
                    }
                    var verdict = Rule.Judge(dossier, now);
                    if (verdict.Standing != DossierStanding.Late)
                    {
                        continue;
                    }
                    late.Add(KpiWire.Late(unit, dossier, verdict, _book.ProcedureName(unit, dossier.ProcedureCode), Rule.Calendar, now));
                }
            }
            return (late.Count, [.. late.OrderBy(d => d.DueAt ?? DateTimeOffset.MaxValue).ThenBy(d => d.DossierId, StringComparer.Ordinal).Take(limit)]);
        }
    }

    /// <summary>One dossier of a unit with its judgement now; null when the unit holds no such dossier.</summary>
    public DossierDetail? Dossier(string unit, string id, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_book.Of(unit)?.ById.GetValueOrDefault(id)?.Folded is not { } dossier)
            {
                return null;
            }
            return KpiWire.Detail(unit, dossier, Rule.Judge(dossier, now), _book.ProcedureName(unit, dossier.ProcedureCode), Rule.Calendar, now);
        }
    }

    // The city is also a member of its own rollup, for what is reported for the city itself: as a unit then.
    private BacklogFigures? FiguresOf(string code, ReportingPeriod period, DateTimeOffset now, bool asUnit = false)
    {
        var rollup = !asUnit && _scopes.IsRollup(code);
        var key = (rollup ? code : "unit:" + code, period.Kind, period.Start);
        var version = rollup ? _version : _book.Of(code)?.Version ?? -1;
        if (version >= 0 && _cache.TryGetValue(key, out var cached) && cached.Version == version
            && (now < period.End || cached.Figures.JudgedAt >= period.End))
        {
            return cached.Figures;
        }
        BacklogFigures? figures;
        if (rollup)
        {
            var parts = _scopes.MembersOf(code).Select(u => FiguresOf(u, period, now, asUnit: true)).OfType<BacklogFigures>().ToList();
            figures = parts.Count == 0 ? null : BacklogFigures.Rollup(code, parts);
        }
        else if (_book.Of(code) is not null)
        {
            figures = _calculator.Compute(code, period, RelevantDossiers([code], period), now);
        }
        else
        {
            // Units that only send daily counts: their day's figures are the counts they reported.
            return period.Kind == PeriodKind.Day && _reported.Snapshot(code, VietnamTime.LocalDate(period.Start)) is { } snapshot
                ? new BacklogFigures(code, period, period.JudgedAt(now), snapshot.Counts, new Dictionary<string, int>(), new Dictionary<DossierStatus, int>(), [])
                : null;
        }
        if (figures is not null)
        {
            _cache[key] = (version, figures);
        }
        return figures;
    }

    private IEnumerable<Dossier> RelevantDossiers(IEnumerable<string> units, ReportingPeriod period) =>
        units.Select(_book.Of).OfType<UnitDossiers>()
            .SelectMany(d => d.ById.Values)
            .Where(d => d.MayCountIn(period.Start, period.End))
            .Select(d => d.Folded!);

}

/// <summary>What <see cref="KpiState"/> holds that the log alone determines, for a snapshot.</summary>
internal sealed record KpiImage(DossierImage Dossiers, ReportedImage Reported);
