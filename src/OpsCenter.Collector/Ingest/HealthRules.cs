using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Ingest;

internal sealed class HealthRules : IItemRules<HealthSample>
{
    public static readonly HealthRules Instance = new();

    public string Kind => DataKinds.Health;

    public NewEvent? Check(HealthSample item, string path, ItemChecks checks)
    {
        var checkedAt = checks.Time($"{path}.checkedAt", item.CheckedAt);
        var unit = checks.Unit($"{path}.unit", item.Unit, checkedAt);
        if (checks.Code($"{path}.system", item.System) is { } system && SystemCatalog.Find(system) is null)
        {
            checks.Errors.Add($"{path}.system", $"Unknown system '{ItemChecks.Truncate(system)}'; expected one of {string.Join(", ", SystemCatalog.Standard.Select(s => s.Code))}.");
        }
        if (item.Status is null)
        {
            checks.Errors.Add($"{path}.status", "Required: up, degraded or down.");
        }
        checks.Range($"{path}.latencyMs", item.LatencyMs, 0, 600_000, required: false);
        checks.Text($"{path}.detail", item.Detail, 200);
        if (unit is null || checkedAt is null)
        {
            return null;
        }
        item.CheckedAt = checkedAt;
        return new NewEvent(Kind, unit.Unit.Code, checkedAt.Value, JsonSerializer.Serialize(item, WireJson.Options));
    }
}
