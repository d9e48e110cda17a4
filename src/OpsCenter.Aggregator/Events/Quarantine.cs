using OpsCenter.Contracts.Query;
using OpsCenter.Storage.Events;

namespace OpsCenter.Aggregator.Events;

/// <summary>
/// Events the live state could not apply, held instead of stopping the tail (docs/DECISIONS.md,
/// "No event stops the city"). Whether an event is quarantined depends only on the event (and the
/// applied events of its dossier before it), never on the clock or the batch it came in, so every
/// replica that applies the same log holds the same events. Kept in memory and in the live-state
/// snapshot, never in the store: the aggregator only reads the log. Thread-safe.
/// </summary>
public sealed class Quarantine
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Held> _held = [];

    /// <summary>Whether an error applying one event is that event's (hold it) rather than the process's.</summary>
    internal static bool MayHold(Exception error) => error is not (OutOfMemoryException or OperationCanceledException);
    private long _quarantined;
    private long _reapplied;

    /// <summary>Raised (outside the lock) for each event put in quarantine.</summary>
    internal event Action<StoredEvent, string>? Added;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Events quarantined since the state was built (the metric).</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);

    /// <summary>Holds an event with the reason it could not be applied; the oldest go beyond <see cref="QuarantineLimits.Kept"/>.</summary>
    internal void Add(StoredEvent e, Exception error)
    {
        var reason = Describe(error);
        lock (_lock)
        {
            _held[e.Position] = new Held(e, reason, 1);
            while (_held.Count > QuarantineLimits.Kept)
            {
                _held.Remove(_held.Keys.First());
            }
            _quarantined++;
        }
        Added?.Invoke(e, reason);
    }

    /// <summary>Takes an event out to apply it again; null when it is not held (applied since, or dropped).</summary>
    internal (StoredEvent Event, int Attempts)? Take(long position)
    {
        lock (_lock)
        {
            if (!_held.Remove(position, out var held))
            {
                return null;
            }
            _reapplied++;
            return (held.Event, held.Attempts);
        }
    }

    /// <summary>Records how many times a held event has been tried (a re-application that failed again).</summary>
    internal void SetAttempts(long position, int attempts)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(position, out var held))
            {
                _held[position] = held with { Attempts = attempts };
            }
        }
    }

    public QuarantineList List(long position, int limit)
    {
        lock (_lock)
        {
            var events = _held.Values.Reverse().Take(limit).Select(h => new QuarantinedEvent(
                h.Event.Position, h.Event.Source, h.Event.Kind, h.Event.Unit, h.Event.OccurredAt, h.Event.ReceivedAt, h.Error, h.Attempts,
                h.Event.Payload.Length <= QuarantineLimits.PayloadShown ? h.Event.Payload : h.Event.Payload[..QuarantineLimits.PayloadShown] + "…"));
            return new QuarantineList(position, _held.Count, _quarantined, _reapplied, [.. events]);
        }
    }

    internal QuarantineImage Export()
    {
        lock (_lock)
        {
            return new QuarantineImage([.. _held.Values], _quarantined, _reapplied);
        }
    }

    internal void Import(QuarantineImage image)
    {
        lock (_lock)
        {
            _held.Clear();
            foreach (var held in image.Held)
            {
                _held[held.Event.Position] = held;
            }
            (_quarantined, _reapplied) = (image.Quarantined, image.Reapplied);
        }
    }

    /// <summary>The exception's type and message, one line, no stack: the same on every replica.</summary>
    internal static string Describe(Exception error)
    {
        // Our own reading says what is wrong in plain words; anything else says what failed.
        var text = (error is UnappliableEventException ? error.Message : $"{error.GetType().Name}: {error.Message}").ReplaceLineEndings(" ");
        return text.Length <= 500 ? text : text[..500] + "…";
    }

    internal sealed record Held(StoredEvent Event, string Error, int Attempts);
}

/// <summary>What a snapshot keeps of the quarantine.</summary>
internal sealed record QuarantineImage(IReadOnlyList<Quarantine.Held> Held, long Quarantined, long Reapplied)
{
    public static readonly QuarantineImage Empty = new([], 0, 0);
}

/// <summary>Why an event cannot be applied, found by reading it (before anything changes): quarantined with this message.</summary>
public sealed class UnappliableEventException(string message) : Exception(message);
