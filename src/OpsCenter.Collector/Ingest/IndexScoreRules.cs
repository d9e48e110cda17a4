using System.Text.Json;
using System.Text.RegularExpressions;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Storage.Events;

namespace OpsCenter.Collector.Ingest;

internal sealed partial class IndexScoreRules : IItemRules<IndexScoreItem>
{
    public static readonly IndexScoreRules Instance = new();

    /// <summary>The index sets the center knows, with their largest possible total.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> IndexSets = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["qd766"] = 100,
        ["hcmc-dti-2023"] = 330,
        ["hcmc-dti-2025"] = 100,
        ["national-dti"] = 1000,
    };

    public string Kind => DataKinds.IndexScore;

    public NewEvent? Check(IndexScoreItem item, string path, ItemChecks checks)
    {
        var published = checks.Time($"{path}.publishedAt", item.PublishedAt);
        var unit = checks.Unit($"{path}.unit", item.Unit, published);
        var set = checks.OneOf($"{path}.indexSet", item.IndexSet, [.. IndexSets.Keys]);
        if (item.Period is null || !PeriodPattern().IsMatch(item.Period))
        {
            checks.Errors.Add($"{path}.period", "Required: 2025 (year), 2025-Q4, 2025-11 (month) or 2025-W47 (ISO week).");
        }
        else if (published is { } at && int.Parse(item.Period.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture) > at.ToOffset(TimeSpan.FromHours(7)).Year)
        {
            checks.Errors.Add($"{path}.period", "A period that begins after the score's publishedAt; is the period or the date wrong?");
        }
        checks.Code($"{path}.indicator", item.Indicator, maxLength: 64);
        if (item.Max is not { } max || max <= 0 || (set is not null && max > IndexSets[set]))
        {
            checks.Errors.Add($"{path}.max", set is null ? "Required: a positive maximum." : $"Required: a positive maximum, at most {IndexSets[set]} for {set}.");
        }
        else if (item.Value is not { } value || value < 0 || value > max)
        {
            checks.Errors.Add($"{path}.value", $"Required: from 0 to the maximum ({max}).");
        }
        if (unit is null || published is null)
        {
            return null;
        }
        item.PublishedAt = published;
        return new NewEvent(Kind, unit.Unit.Code, published.Value, JsonSerializer.Serialize(item, WireJson.Options));
    }

    [GeneratedRegex(@"^20\d\d(-(0[1-9]|1[0-2])|-Q[1-4]|-W(0[1-9]|[1-4]\d|5[0-3]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodPattern();
}
