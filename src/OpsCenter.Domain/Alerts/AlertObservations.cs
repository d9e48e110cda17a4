using OpsCenter.Domain.Health;

namespace OpsCenter.Domain.Alerts;

/// <summary>A unit's system and what its tile shows, with when that state began.</summary>
public sealed record SystemObservation(string Unit, string System, SystemState State, DateTimeOffset Since);

/// <summary>A source feeding a unit and when it last reported (null: never).</summary>
public sealed record SourceObservation(string Source, string Unit, DateTimeOffset? LastSeen, TimeSpan ExpectedInterval);

/// <summary>
/// A unit's live dossier figures as of <see cref="At"/>. Null means unknown, which never alerts:
/// zero is not the same as missing.
/// </summary>
/// <param name="OnTimeRate">A fraction, 0-1 (as <see cref="Dossiers.BacklogCounts.OnTimeRate"/>).</param>
/// <param name="Index766">The live 766 estimate out of 100.</param>
public sealed record UnitFigures(string Unit, int? LateInProgress, double? OnTimeRate, double? Index766, DateTimeOffset At);

public enum IncidentStatus
{
    Open,
    Closed,
}

/// <summary>An incident reported for a unit; one incident touching several units comes once per unit.</summary>
public sealed record IncidentObservation(string Unit, string IncidentId, int Severity, IncidentStatus Status, DateTimeOffset? Since = null);

/// <summary>One of OpsCenter's own components (collector, aggregator, store, outbox, ...).</summary>
public sealed record ComponentHealth(string Name, bool Healthy, DateTimeOffset? Since = null);

/// <summary>
/// Planned work: conditions it covers do not count while it is open. Unit null covers every unit
/// (and OpsCenter itself); System null covers everything of the unit. System also matches a
/// source id or an OpsCenter component name.
/// </summary>
public sealed record MaintenanceWindow(string? Unit, string? System, DateTimeOffset From, DateTimeOffset To)
{
    public bool Covers(string unit, string? system, DateTimeOffset at) =>
        From <= at && at < To
        && (Unit is null || string.Equals(Unit, unit, StringComparison.Ordinal))
        && (System is null || string.Equals(System, system, StringComparison.Ordinal));

    /// <summary>Whether this window applies to (unit, system) at all, open or not.</summary>
    public bool Applies(string unit, string? system) => Covers(unit, system, From);
}

/// <summary>Everything the live state offers one evaluation tick. Empty lists are fine.</summary>
public sealed record AlertObservations(
    IReadOnlyList<SystemObservation> Systems,
    IReadOnlyList<SourceObservation> Sources,
    IReadOnlyList<UnitFigures> Figures,
    IReadOnlyList<IncidentObservation> Incidents,
    IReadOnlyList<ComponentHealth> Components)
{
    public static readonly AlertObservations None = new([], [], [], [], []);
}
