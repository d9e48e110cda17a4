using OpsCenter.Contracts.Live;

namespace OpsCenter.Aggregator.Changes;

/// <summary>
/// The last <c>capacity</c> changes, in memory: rebuilt from the log at start (the same
/// rules derive them during replay), so nothing but the log needs to be stored. Entries added
/// once the replay has caught up also wait to be pushed with the next deltas.
/// </summary>
public sealed class ChangeFeed(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<LiveChange> _ring = new();
    private readonly List<LiveChange> _unpublished = [];
    private long _nextId;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ring.Count;
            }
        }
    }

    /// <summary>True once the replay has caught up: from then on new entries are pushed live too.</summary>
    public bool Live { get; set; }

    public LiveChange Add(DateTimeOffset at, string unit, string kind, string? subject, string? before, string? after, (string Vi, string En) text)
    {
        lock (_lock)
        {
            var change = new LiveChange(++_nextId, at, unit, kind, subject, before, after, text.Vi, text.En);
            _ring.Enqueue(change);
            while (_ring.Count > capacity)
            {
                _ring.Dequeue();
            }
            if (Live)
            {
                _unpublished.Add(change);
            }
            return change;
        }
    }

    /// <summary>The changes held and the next id, for a snapshot.</summary>
    internal ChangeFeedImage Export()
    {
        lock (_lock)
        {
            return new ChangeFeedImage(_nextId, [.. _ring]);
        }
    }

    /// <summary>Loads a snapshot into an empty feed (the newest <c>capacity</c> changes are kept).</summary>
    internal void Import(ChangeFeedImage image)
    {
        lock (_lock)
        {
            _ring.Clear();
            foreach (var change in image.Changes.Skip(Math.Max(0, image.Changes.Count - capacity)))
            {
                _ring.Enqueue(change);
            }
            _nextId = image.NextId;
        }
    }

    /// <summary>Changes added since the last call, oldest first, for the publisher to push.</summary>
    public IReadOnlyList<LiveChange> TakeUnpublished()
    {
        lock (_lock)
        {
            var taken = _unpublished.ToArray();
            _unpublished.Clear();
            return taken;
        }
    }

    /// <summary>Newest first (by time, then id); <paramref name="since"/> keeps changes at or after it.</summary>
    public IReadOnlyList<LiveChange> Query(Func<string, bool> unitFilter, DateTimeOffset? since, int limit)
    {
        lock (_lock)
        {
            return [.. _ring.Where(c => unitFilter(c.Unit) && (since is null || c.At >= since))
                .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(limit)];
        }
    }
}

/// <summary>The change feed as a snapshot holds it.</summary>
internal sealed record ChangeFeedImage(long NextId, IReadOnlyList<LiveChange> Changes);
