namespace OpsCenter.Contracts.Live;

/// <summary>Everything a subscriber needs to draw its scope, as of <see cref="Seq"/>.</summary>
public sealed record LiveSnapshot(string Scope, long Seq, DateTimeOffset ServerTime, IReadOnlyList<UnitTile> Units);

/// <summary>
/// Changes since the previous message of the same scope. <see cref="Seq"/> increases by exactly
/// one per delta within a scope; a client that sees a jump has missed something and resubscribes.
/// </summary>
public sealed record LiveDelta(string Scope, long Seq, DateTimeOffset ServerTime, IReadOnlyList<UnitTile> Units);

/// <summary>Sent every few seconds per scope so that clients can tell a quiet city from a dead link.</summary>
public sealed record LiveHeartbeat(string Scope, long Seq, DateTimeOffset ServerTime);
