using OpsCenter.Domain.Health;

namespace OpsCenter.Contracts.Live;

/// <summary>The live state of one system of a unit.</summary>
public sealed record SystemTile(
    string System,
    SystemState State,
    HealthStatus? LastStatus,
    int? LatencyMs,
    DateTimeOffset? CheckedAt,
    DateTimeOffset? ReceivedAt);

/// <summary>
/// The live state of one unit: the worst state of its systems, how many systems are in each
/// state, and when it last heard from any of them. A delta carries whole tiles: a tile is small
/// and replacing it is simpler and safer than patching fields.
/// </summary>
/// <param name="Kpis">
/// The unit's dossier KPIs and index scores; null when the unit has sent none (clients built
/// before KPIs existed ignore it). The city's tile (<c>79</c>) and a group's tile (its id) roll up
/// their units by counts and have no systems.
/// </param>
public sealed record UnitTile(
    string Unit,
    SystemState State,
    IReadOnlyDictionary<SystemState, int> StateCounts,
    DateTimeOffset? LastSampleAt,
    IReadOnlyList<SystemTile> Systems,
    UnitKpis? Kpis = null);
