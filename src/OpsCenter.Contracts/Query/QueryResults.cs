using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Contracts.Query;

// Answers of the aggregator's query API that other processes (the Wall) read.

/// <summary>An incident not yet resolved, as last reported.</summary>
public sealed record OpenIncident(
    string IncidentId,
    string Unit,
    string? Kind,
    int? Severity,
    string? Status,
    string? Title,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, decimal> Measurements);

/// <summary>A late dossier still in progress, for drill-down.</summary>
/// <param name="DaysLate">Working days since the due time (0 for a dossier late by a second supplement request before its due time).</param>
public sealed record LateDossier(
    string Unit,
    string DossierId,
    string ProcedureCode,
    string? ProcedureName,
    DossierStatus Stage,
    int StageCode,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? DueAt,
    double DaysLate);

/// <summary>The late dossiers of a scope still in progress, oldest due first; <see cref="Total"/> counts all of them.</summary>
public sealed record LateDossierList(string Unit, DateTimeOffset JudgedAt, int Total, IReadOnlyList<LateDossier> Items);

/// <summary>Changes of a scope, newest first; <see cref="Kept"/> is how many the feed holds in all.</summary>
public sealed record ChangeList(string Unit, int Kept, IReadOnlyList<LiveChange> Items);

/// <summary>The incidents of a unit (or of the city's, a group's units) not yet resolved.</summary>
public sealed record IncidentList(string Unit, IReadOnlyList<OpenIncident> Items);
