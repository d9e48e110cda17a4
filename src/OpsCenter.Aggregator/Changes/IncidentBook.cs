using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Aggregator.Changes;

/// <summary>
/// Open incidents per unit, from <c>incident</c> events (the same id again updates one), and the
/// changes they make: opened, changed (status, severity, title or figures), resolved.
/// Not thread-safe: the live state guards it.
/// </summary>
public sealed class IncidentBook(ChangeFeed feed, ChangeTexts texts)
{
    private readonly Dictionary<string, OpenIncident> _open = new(StringComparer.Ordinal);

    public void Apply(string unit, IncidentItem item, DateTimeOffset occurredAt)
    {
        if (item.IncidentId is not { } id)
        {
            return;
        }
        var at = item.At ?? occurredAt;
        var key = $"{unit}/{id}";
        _open.TryGetValue(key, out var before);
        if (before is not null && at < before.UpdatedAt)
        {
            return; // an older report arriving late changes nothing
        }
        var measurements = (IReadOnlyDictionary<string, decimal>?)item.Measurements ?? new Dictionary<string, decimal>();
        if (item.Status == "resolved")
        {
            if (before is not null)
            {
                _open.Remove(key);
                feed.Add(at, unit, ChangeKinds.IncidentResolved, id, Describe(before.Status, before.Severity), Describe(item.Status, item.Severity),
                    texts.Incident(ChangeKinds.IncidentResolved, unit, item.Title ?? before.Title));
            }
            return;
        }
        var after = new OpenIncident(id, unit, item.Kind, item.Severity, item.Status, item.Title, before?.OpenedAt ?? at, at, measurements);
        _open[key] = after;
        if (before is null)
        {
            feed.Add(at, unit, ChangeKinds.IncidentOpened, id, null, Describe(item.Status, item.Severity), texts.Incident(ChangeKinds.IncidentOpened, unit, item.Title));
        }
        else if (before.Status != after.Status || before.Severity != after.Severity || before.Title != after.Title
            || !before.Measurements.OrderBy(m => m.Key).SequenceEqual(after.Measurements.OrderBy(m => m.Key)))
        {
            feed.Add(at, unit, ChangeKinds.IncidentChanged, id, Describe(before.Status, before.Severity), Describe(item.Status, item.Severity),
                texts.Incident(ChangeKinds.IncidentChanged, unit, item.Title));
        }
    }

    /// <summary>Open incidents of the given units, most severe then newest first.</summary>
    public IReadOnlyList<OpenIncident> OpenIn(IReadOnlySet<string> units) =>
        [.. _open.Values.Where(i => units.Contains(i.Unit)).OrderByDescending(i => i.Severity ?? 0).ThenByDescending(i => i.UpdatedAt).ThenBy(i => i.IncidentId, StringComparer.Ordinal)];

    internal IReadOnlyList<OpenIncident> Export() => [.. _open.Values];

    internal void Import(IEnumerable<OpenIncident> open)
    {
        foreach (var incident in open)
        {
            _open[$"{incident.Unit}/{incident.IncidentId}"] = incident;
        }
    }

    private static string Describe(string? status, int? severity) => $"{status ?? "open"}, severity {severity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}
