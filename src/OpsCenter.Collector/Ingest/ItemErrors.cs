namespace OpsCenter.Collector.Ingest;

/// <summary>Validation errors keyed by the JSON path of the failing field, e.g. <c>items[3].status</c>.</summary>
internal sealed class ItemErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>How many messages were added so far.</summary>
    public int Count { get; private set; }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        Count++;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
