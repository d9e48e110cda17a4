namespace OpsCenter.Storage.Events;

/// <summary>An item about to be appended to the log. <see cref="Payload"/> is the item's JSON.</summary>
public sealed record NewEvent(string Kind, string Unit, DateTimeOffset OccurredAt, string Payload);

/// <summary>An item in the log; <see cref="Position"/> orders the log and is never reused.</summary>
public sealed record StoredEvent(
    long Position, string Kind, string Unit, string Source, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string Payload);

/// <summary>A batch from one source, stored whole or not at all.</summary>
/// <param name="BodyHash">Hash of the request body: the same key with another body is a conflict.</param>
public sealed record AppendRequest(string Source, string IdempotencyKey, byte[] BodyHash, IReadOnlyList<NewEvent> Events);

public enum AppendOutcome
{
    /// <summary>The batch is durably stored.</summary>
    Stored,

    /// <summary>The key and body were seen before; nothing new was stored.</summary>
    Replayed,

    /// <summary>The key was used before with a different body; nothing was stored.</summary>
    Conflict,
}

public sealed record AppendResult(AppendOutcome Outcome, int Count, DateTimeOffset ReceivedAt);

/// <summary>
/// The append-only event log: the bus between the collector (the only writer) and the aggregators
/// (which tail it by position).
/// </summary>
public interface IEventLog
{
    /// <summary>Appends a batch atomically; returns only once it is durable.</summary>
    Task<AppendResult> AppendAsync(AppendRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Events after <paramref name="position"/>, in order, at most <paramref name="max"/>.
    /// Never skips an event that commits later with a lower position.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken);

    /// <summary>The position of the last event in the log (0 when empty).</summary>
    Task<long> LastPositionAsync(CancellationToken cancellationToken);
}
