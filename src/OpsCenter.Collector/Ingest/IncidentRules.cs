using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Ingest;

internal sealed class IncidentRules : IItemRules<IncidentItem>
{
    public static readonly IncidentRules Instance = new();

    private static readonly string[] Kinds = ["flood", "rain", "storm", "landslide", "fire", "outage", "other"];
    private static readonly string[] Statuses = ["open", "monitoring", "resolved"];

    /// <summary>The national quick-report fields, with the largest plausible value of each.</summary>
    private static readonly Dictionary<string, decimal> MeasurementLimits = new(StringComparer.Ordinal)
    {
        ["rainfallMm"] = 2_000,
        ["floodDepthCm"] = 1_000,
        ["peopleAffected"] = 20_000_000,
        ["householdsEvacuated"] = 5_000_000,
        ["peopleEvacuated"] = 20_000_000,
        ["housesDamaged"] = 5_000_000,
        ["cropsDamagedHa"] = 1_000_000,
        ["damageVnd"] = 1_000_000_000_000_000,
    };

    public string Kind => DataKinds.Incident;

    public NewEvent? Check(IncidentItem item, string path, ItemChecks checks)
    {
        var at = checks.Time($"{path}.at", item.At);
        var unit = checks.Unit($"{path}.unit", item.Unit, at);
        checks.Code($"{path}.incidentId", item.IncidentId);
        checks.OneOf($"{path}.kind", item.Kind, Kinds);
        checks.Range($"{path}.severity", item.Severity, 1, 4);
        checks.OneOf($"{path}.status", item.Status, Statuses);
        checks.Text($"{path}.title", item.Title, 120);
        foreach (var (name, value) in item.Measurements ?? [])
        {
            if (!MeasurementLimits.TryGetValue(name, out var limit))
            {
                checks.Errors.Add($"{path}.measurements.{ItemChecks.Truncate(name)}", $"Unknown measurement; expected {string.Join(", ", MeasurementLimits.Keys)}.");
            }
            else if (value < 0 || value > limit)
            {
                checks.Errors.Add($"{path}.measurements.{name}", $"Must be from 0 to {limit}.");
            }
        }
        if (unit is null || at is null)
        {
            return null;
        }
        item.At = at;
        return new NewEvent(Kind, unit.Unit.Code, at.Value, JsonSerializer.Serialize(item, WireJson.Options));
    }
}
