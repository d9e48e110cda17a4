using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Ingest;

internal sealed class HealthRules(UnitCatalog units, IngestOptions options) : IItemRules<HealthSample>
{
    public const int MaxDetailLength = 200;

    public string Kind => DataKinds.Health;

    public NewEvent? Check(HealthSample item, string path, ItemErrors errors, DateTimeOffset now)
    {
        var valid = true;
        if (string.IsNullOrWhiteSpace(item.Unit))
        {
            errors.Add($"{path}.unit", "Required: the official unit code, e.g. 26740.");
            valid = false;
        }
        else if (!units.Contains(item.Unit))
        {
            errors.Add($"{path}.unit", $"Unknown unit code '{Truncate(item.Unit)}'.");
            valid = false;
        }
        if (string.IsNullOrWhiteSpace(item.System))
        {
            errors.Add($"{path}.system", "Required: a system code, e.g. civil-status.");
            valid = false;
        }
        else if (SystemCatalog.Find(item.System) is null)
        {
            errors.Add($"{path}.system", $"Unknown system '{Truncate(item.System)}'; expected one of {string.Join(", ", SystemCatalog.Standard.Select(s => s.Code))}.");
            valid = false;
        }
        if (item.Status is null)
        {
            errors.Add($"{path}.status", "Required: up, degraded or down.");
            valid = false;
        }
        if (item.LatencyMs is < 0 or > 600_000)
        {
            errors.Add($"{path}.latencyMs", "Must be between 0 and 600000 milliseconds.");
            valid = false;
        }
        if (item.CheckedAt is not { } checkedAt)
        {
            errors.Add($"{path}.checkedAt", "Required: when the check ran, ISO 8601 with offset.");
            valid = false;
        }
        else if (checkedAt > now + options.MaxFutureSkew)
        {
            errors.Add($"{path}.checkedAt", $"More than {options.MaxFutureSkew.TotalMinutes:0} minutes in the future; check the source's clock against GET /api/ingest/v1/time.");
            valid = false;
        }
        if (item.Detail is { } detail)
        {
            if (detail.Length > MaxDetailLength)
            {
                errors.Add($"{path}.detail", $"At most {MaxDetailLength} characters.");
                valid = false;
            }
            else if (detail.Any(char.IsControl))
            {
                errors.Add($"{path}.detail", "Control characters are not allowed.");
                valid = false;
            }
            else if (PersonalData.LooksPersonal(detail))
            {
                errors.Add($"{path}.detail", "Looks like personal data (an ID, phone number or e-mail); it is never accepted.");
                valid = false;
            }
        }
        if (!valid)
        {
            return null;
        }
        var normalised = new HealthSample
        {
            Unit = item.Unit,
            System = item.System,
            Status = item.Status,
            LatencyMs = item.LatencyMs,
            CheckedAt = item.CheckedAt!.Value.ToUniversalTime(),
            Detail = item.Detail,
        };
        return new NewEvent(Kind, item.Unit!, normalised.CheckedAt.Value, JsonSerializer.Serialize(normalised, WireJson.Options));
    }

    private static string Truncate(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
