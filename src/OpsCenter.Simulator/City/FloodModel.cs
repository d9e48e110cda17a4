using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Simulator.City;

/// <summary>
/// The flood scenario: heavy rain over the plan's flood wards, water rising while the scenario
/// runs (an update every tick, same incident id), resolved when it is switched off.
/// </summary>
internal static class FloodModel
{
    public static IReadOnlyList<IncidentItem> Update(CityPlan plan, DateTimeOffset startedAt, DateTimeOffset now, bool resolved)
    {
        var minutes = Math.Max(0, (now - startedAt).TotalMinutes);
        var day = OfficeHours.LocalDay(startedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return [.. plan.FloodWards.Order(StringComparer.Ordinal).Select((unit, i) =>
        {
            var random = Seeded.For(plan.Seed, $"flood/{unit}");
            var rain = random.Between(60, 140) + Math.Min(80, minutes * 2);
            var depth = resolved ? 0 : Math.Round(random.Between(15, 40) + Math.Min(40, minutes), 0);
            return new IncidentItem
            {
                IncidentId = $"FLOOD-{day}-{unit}",
                Unit = unit,
                Kind = "flood",
                Severity = resolved ? 1 : depth > 50 ? 4 : depth > 30 ? 3 : 2,
                Status = resolved ? "resolved" : "open",
                At = now,
                Title = $"Ngập sau mưa lớn, điểm {i + 1}",
                Measurements = new Dictionary<string, decimal>
                {
                    ["rainfallMm"] = Math.Round((decimal)rain, 1),
                    ["floodDepthCm"] = (decimal)depth,
                    ["householdsEvacuated"] = resolved ? 0 : (decimal)Math.Round(depth * random.Between(0.3, 0.8)),
                },
            };
        })];
    }
}
