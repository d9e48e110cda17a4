namespace OpsCenter.Contracts.Query;

/// <summary>
/// An event of the log the live state could not apply: it is held here instead, and the tail moves on.
/// <paramref name="Error"/> says why (the same on every replica); <paramref name="Attempts"/> counts
/// applications, including re-applications an administrator asked for.
/// </summary>
public sealed record QuarantinedEvent(
    long Position, string Source, string Kind, string Unit, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    string Error, int Attempts, string Payload);

/// <summary>
/// The quarantine as of a log position: the newest events held (at most <see cref="QuarantineLimits.Kept"/>),
/// and how many were ever quarantined and re-applied since the live state was built.
/// </summary>
public sealed record QuarantineList(long Position, int Held, long Quarantined, long Reapplied, IReadOnlyList<QuarantinedEvent> Events);

public static class QuarantineLimits
{
    /// <summary>Events held with their payloads; beyond it the oldest are dropped (and still counted).</summary>
    public const int Kept = 1000;

    /// <summary>Characters of a payload kept for display.</summary>
    public const int PayloadShown = 2000;
}
