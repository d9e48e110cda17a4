namespace OpsCenter.Contracts.Live;

/// <summary>Everything a subscriber needs to draw its scope, as of <see cref="Seq"/>.</summary>
public sealed record LiveSnapshot(string Scope, long Seq, DateTimeOffset ServerTime, IReadOnlyList<UnitTile> Units);

/// <summary>
/// Changes since the previous message of the same scope. <see cref="Seq"/> increases by exactly
/// one per delta within a scope; a client that sees a jump has missed something and resubscribes.
/// </summary>
/// <param name="Changes">
/// What happened in the scope since the previous delta (a system went down, an incident opened...),
/// oldest first; null when nothing did. A delta may carry changes and no tiles. Clients built before
/// changes existed ignore it; a client that resubscribes after a gap reads what it missed from
/// <c>GET /api/query/v1/changes</c>.
/// </param>
public sealed record LiveDelta(string Scope, long Seq, DateTimeOffset ServerTime, IReadOnlyList<UnitTile> Units, IReadOnlyList<LiveChange>? Changes = null);

/// <summary>Sent every few seconds per scope so that clients can tell a quiet city from a dead link.</summary>
public sealed record LiveHeartbeat(string Scope, long Seq, DateTimeOffset ServerTime);
