using System.Globalization;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Simulator.City;

/// <summary>
/// Published scores: the official weekly Decision 766 total per unit, department and the city
/// (around 80-90, a few weak units 55-68), published on the Monday after each ISO week at 09:00;
/// and the yearly HCMC DTI 2025 total per ward and department (out of 100).
/// </summary>
internal static class IndexModel
{
    public static IReadOnlyList<IndexScoreItem> Week766(CityPlan plan, DateOnly monday)
    {
        var week = ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue)) + "-W" + ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)).ToString("00", CultureInfo.InvariantCulture);
        var published = OfficeHours.At(monday.AddDays(7), new TimeSpan(9, 0, 0));
        var items = plan.Profiles.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p =>
        {
            var random = Seeded.For(plan.Seed, $"766/{p.Code}/{week}");
            var value = Math.Clamp(p.Index766 + random.Between(-1.5, 1.5), 0, 100);
            return Item("qd766", week, p.Code, value, published);
        }).ToList();
        items.Add(Item("qd766", week, "79", (double)items.Average(i => i.Value!.Value), published));
        return items;
    }

    public static IReadOnlyList<IndexScoreItem> Dti2025(CityPlan plan, DateTimeOffset published) =>
        [.. plan.Profiles.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => Item("hcmc-dti-2025", "2025", p.Code, p.Dti, published))];

    /// <summary>The Mondays of the weeks whose score is published by <paramref name="now"/>, from <paramref name="from"/> on.</summary>
    public static IEnumerable<DateOnly> PublishedWeeks(DateOnly from, DateTimeOffset now)
    {
        var monday = from.AddDays(-(((int)from.DayOfWeek + 6) % 7));
        for (; OfficeHours.At(monday.AddDays(7), new TimeSpan(9, 0, 0)) <= now; monday = monday.AddDays(7))
        {
            yield return monday;
        }
    }

    private static IndexScoreItem Item(string set, string period, string unit, double value, DateTimeOffset published) => new()
    {
        IndexSet = set,
        Period = period,
        Unit = unit,
        Indicator = "total",
        Value = Math.Round((decimal)value, 2),
        Max = 100,
        PublishedAt = published,
    };
}
