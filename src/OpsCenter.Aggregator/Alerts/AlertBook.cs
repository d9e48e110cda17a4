using OpsCenter.Aggregator.Events;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Alerts;

/// <summary>
/// Every alert the log tells of, with its timeline, folded from the <c>alert.*</c> events
/// (docs/DECISIONS.md, "Alerts, part 2"). An event for an unknown key is ignored, as is a second
/// fired for a known key; once resolved, an alert takes only notes and assignments. Resolved alerts
/// are kept <see cref="ResolvedKept"/> after their resolution (the weekly report, the console's
/// recent list), then pruned as time passes. Thread-safe: the tailer applies, queries and the
/// engine read; its lock is taken inside the live state's and never the other way round.
/// </summary>
public sealed class AlertBook
{
    public static readonly TimeSpan ResolvedKept = TimeSpan.FromDays(35);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, AlertView> _alerts = new(StringComparer.Ordinal);

    /// <summary>Alerts firing or acknowledged (the gauge <c>alerts.open</c>).</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _alerts.Values.Count(a => a.State != AlertStates.Resolved);
            }
        }
    }

    /// <summary>Alerts firing and not acknowledged (the gauge <c>alerts.unacknowledged</c>).</summary>
    public int Unacknowledged
    {
        get
        {
            lock (_lock)
            {
                return _alerts.Values.Count(a => a.State == AlertStates.Firing);
            }
        }
    }

    /// <summary>Folds one alert event (read by <see cref="EventReading.Alert"/>: a bad one throws and is quarantined).</summary>
    internal void Apply(StoredEvent e)
    {
        var payload = EventReading.Alert(e);
        lock (_lock)
        {
            switch (payload)
            {
                case AlertFiredEvent f when !_alerts.ContainsKey(f.Key):
                    _alerts[f.Key] = new AlertView(f.Key, f.RuleId, f.RuleName, f.RuleNameEn, f.Cause, f.Severity, AlertStates.Firing,
                        [.. f.Units], f.Text, f.TextEn, f.Onset, f.At, null, null, null, null, null, null, e.Position,
                        [new AlertTimelineEntry(f.At, "fired", null, UnitList(f.Units))]);
                    break;
                case AlertUpdatedEvent u:
                    Change(u.Key, e.Position, a => a.State == AlertStates.Resolved ? null : a with { Units = [.. u.Units] },
                        new AlertTimelineEntry(u.At, "updated", null, UnitList(u.Units)));
                    break;
                case AlertAcknowledgedEvent k:
                    Change(k.Key, e.Position, a => a.State != AlertStates.Firing ? null : a with { State = AlertStates.Acknowledged, AcknowledgedAt = k.At, AcknowledgedBy = k.By },
                        new AlertTimelineEntry(k.At, "acknowledged", k.By, k.Note));
                    break;
                case AlertAssignedEvent s:
                    Change(s.Key, e.Position, a => a with { Assignee = s.Assignee }, new AlertTimelineEntry(s.At, "assigned", s.By, s.Assignee));
                    break;
                case AlertNotedEvent n:
                    Change(n.Key, e.Position, a => a, new AlertTimelineEntry(n.At, "noted", n.By, n.Note));
                    break;
                case AlertResolvedEvent r:
                    Change(r.Key, e.Position, a => a.State == AlertStates.Resolved ? null : a with { State = AlertStates.Resolved, ResolvedAt = r.At, ResolvedBy = r.By, ResolvedReason = r.Reason },
                        new AlertTimelineEntry(r.At, "resolved", r.By, r.Note is null ? r.Reason : $"{r.Reason}: {r.Note}"));
                    break;
                default:
                    break; // a second fired for a known key changes nothing
            }
        }
    }

    // The change returns null when the event does not apply to the alert's state (then it is not on the timeline either).
    private void Change(string key, long position, Func<AlertView, AlertView?> change, AlertTimelineEntry entry)
    {
        if (_alerts.TryGetValue(key, out var alert) && change(alert) is { } changed)
        {
            _alerts[key] = changed with { Position = position, Timeline = [.. alert.Timeline ?? [], entry] };
        }
    }

    private static string UnitList(IReadOnlyList<string> units) => string.Join(", ", units);

    /// <summary>Drops alerts resolved more than <see cref="ResolvedKept"/> before <paramref name="now"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var key in _alerts.Values.Where(a => a.ResolvedAt < now - ResolvedKept).Select(a => a.Key).ToList())
            {
                _alerts.Remove(key);
            }
        }
    }

    /// <summary>One alert with its timeline; null when unknown.</summary>
    public AlertView? Find(string key)
    {
        lock (_lock)
        {
            return _alerts.GetValueOrDefault(key);
        }
    }

    /// <summary>All alerts held (open, and resolved within <see cref="ResolvedKept"/> unless pruned yet), with their timelines.</summary>
    public IReadOnlyList<AlertView> All()
    {
        lock (_lock)
        {
            return [.. _alerts.Values];
        }
    }

    internal AlertBookImage Export()
    {
        lock (_lock)
        {
            return new AlertBookImage([.. _alerts.Values.OrderBy(a => a.Position)]);
        }
    }

    internal void Import(AlertBookImage image)
    {
        lock (_lock)
        {
            _alerts.Clear();
            foreach (var alert in image.Alerts)
            {
                _alerts[alert.Key] = alert;
            }
        }
    }

    /// <summary>Orders alerts newest first: by fired time, then key (stable across replicas).</summary>
    public static IOrderedEnumerable<AlertView> NewestFirst(IEnumerable<AlertView> alerts) =>
        alerts.OrderByDescending(a => a.FiredAt).ThenBy(a => a.Key, StringComparer.Ordinal);
}

/// <summary>What a snapshot keeps of the alert book.</summary>
internal sealed record AlertBookImage(IReadOnlyList<AlertView> Alerts)
{
    public static readonly AlertBookImage Empty = new([]);
}
