namespace OpsCenter.Contracts.Ingest;

/// <summary>
/// An incident affecting a unit (flood, heavy rain, outage...), with measurements by the national
/// quick-report fields. The same <see cref="IncidentId"/> sent again updates the incident.
/// </summary>
public sealed class IncidentItem
{
    public string? IncidentId { get; set; }

    public string? Unit { get; set; }

    /// <summary>flood, rain, storm, landslide, fire, outage, other.</summary>
    public string? Kind { get; set; }

    /// <summary>1 (minor) to 4 (critical).</summary>
    public int? Severity { get; set; }

    /// <summary>open, monitoring, resolved.</summary>
    public string? Status { get; set; }

    public DateTimeOffset? At { get; set; }

    /// <summary>A short title, e.g. "Ngập đường Nguyễn Hữu Cảnh". Never personal data.</summary>
    public string? Title { get; set; }

    /// <summary>
    /// Known fields only: rainfallMm, floodDepthCm, peopleAffected, householdsEvacuated,
    /// peopleEvacuated, housesDamaged, cropsDamagedHa, damageVnd.
    /// </summary>
    public Dictionary<string, decimal>? Measurements { get; set; }
}
