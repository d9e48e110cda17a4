using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Simulator.City;

/// <summary>
/// The dossier events still to be sent, in time order, cut into fixed five-minute windows aligned
/// to the clock. A window is sent once it has closed, as one named batch (split at 1,000 items):
/// the backfill sends the windows of the last 30 days, then each new window as it closes. Because
/// windows depend only on the clock and the seed, a restart rebuilds the same windows.
/// <para>
/// Dossiers accepted before the horizon are generated too (up to <see cref="Lookback"/> earlier),
/// so a window holds every event that falls in it whatever the horizon; their events before the
/// horizon are not sent (such dossiers arrive "carried over", without their acceptance event).
/// </para>
/// <para>
/// Scenario extras are kept apart: they are sent as they fall due (<see cref="TakeDueExtras"/>,
/// every tick), not when a window closes, so a scenario shows within seconds and the normal
/// windows stay the same whatever scenario runs.
/// </para>
/// </summary>
internal sealed class DossierTimeline
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>Longer than any dossier lives (20 working days, up to 8 late, 3 to collect).</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(50);

    private readonly DossierModel _model;
    private readonly IReadOnlyList<string> _units;
    private readonly PriorityQueue<DossierEventItem, (DateTimeOffset At, long Order)> _pending = new();
    private readonly PriorityQueue<DossierEventItem, (DateTimeOffset At, long Order)> _extras = new();
    private long _order;

    public DossierTimeline(DossierModel model, IReadOnlyList<string> units, DateTimeOffset horizon)
    {
        _model = model;
        _units = units;
        Horizon = horizon;
        GeneratedTo = horizon - Lookback;
        ExtrasTo = horizon;
        NextWindowStart = horizon;
    }

    public DateTimeOffset Horizon { get; }

    /// <summary>Normal dossiers are generated up to here, a day ahead of the clock: an online
    /// dossier accepted tomorrow morning was submitted (status 1) tonight.</summary>
    public DateTimeOffset GeneratedTo { get; private set; }

    /// <summary>Scenario extras are generated up to here, as the clock goes.</summary>
    public DateTimeOffset ExtrasTo { get; private set; }

    public DateTimeOffset NextWindowStart { get; private set; }

    public int Pending => _pending.Count;

    /// <summary>Scenario extras' events not yet due.</summary>
    public int PendingExtras => _extras.Count;

    public int DossiersGenerated { get; private set; }

    /// <summary>The last local midnight at least <paramref name="days"/> days before <paramref name="now"/>.</summary>
    public static DateTimeOffset HorizonFor(DateTimeOffset now, int days) =>
        OfficeHours.At(OfficeHours.LocalDay(now).AddDays(-days), TimeSpan.Zero);

    /// <summary>
    /// Generates the normal dossiers accepted up to a day after <paramref name="now"/>, and the
    /// extra ones the scenarios add up to <paramref name="now"/>: under the conditions of that
    /// moment, and the one-off <paramref name="bursts"/> (unit, from, to) of scenarios just switched on.
    /// </summary>
    public void Generate(DateTimeOffset now, Func<string, DateTimeOffset, DeskConditions> conditions,
        Func<string, DateTimeOffset, DateTimeOffset, IEnumerable<SimDossier>>? bursts = null)
    {
        var ahead = now + DossierModel.MaxOnlineLead + TimeSpan.FromHours(1);
        if (ahead > GeneratedTo)
        {
            foreach (var unit in _units)
            {
                Add(_model.Normal(unit, GeneratedTo, ahead, Horizon));
            }
            GeneratedTo = ahead;
        }
        if (ExtrasTo == Horizon)
        {
            // The backfill is history: a normal city. Scenarios act from the first live tick on.
            ExtrasTo = now;
        }
        else if (now > ExtrasTo)
        {
            foreach (var unit in _units)
            {
                Add(_model.Extra(unit, ExtrasTo, now, conditions(unit, now)), _extras);
                Add(bursts?.Invoke(unit, ExtrasTo, now) ?? [], _extras);
            }
            ExtrasTo = now;
        }
    }

    private void Add(IEnumerable<SimDossier> dossiers, PriorityQueue<DossierEventItem, (DateTimeOffset At, long Order)>? queue = null)
    {
        queue ??= _pending;
        foreach (var dossier in dossiers)
        {
            DossiersGenerated++;
            foreach (var e in dossier.Events)
            {
                if (e.At >= Horizon)
                {
                    queue.Enqueue(e, (e.At!.Value, _order++));
                }
            }
        }
    }

    /// <summary>The scenario extras' events due by <paramref name="now"/>, in time order.</summary>
    public List<DossierEventItem> TakeDueExtras(DateTimeOffset now)
    {
        var due = new List<DossierEventItem>();
        while (_extras.TryPeek(out var e, out var at) && at.At <= now)
        {
            _extras.Dequeue();
            due.Add(e);
        }
        return due;
    }

    /// <summary>The next closed window (start and its events, in a fixed order), or null when none has closed by <paramref name="now"/>.</summary>
    public (DateTimeOffset Start, List<DossierEventItem> Events)? NextClosedWindow(DateTimeOffset now)
    {
        var end = NextWindowStart + Window;
        if (end > now || end > ExtrasTo)
        {
            return null;
        }
        var events = new List<DossierEventItem>();
        while (_pending.TryPeek(out var e, out var at) && at.At < end)
        {
            _pending.Dequeue();
            events.Add(e);
        }
        events.Sort(static (a, b) =>
        {
            var byTime = a.At!.Value.CompareTo(b.At!.Value);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.DossierId, b.DossierId) is var byId && byId != 0 ? byId : a.Status!.Value.CompareTo(b.Status!.Value);
        });
        var start = NextWindowStart;
        NextWindowStart = end;
        return (start, events);
    }
}
