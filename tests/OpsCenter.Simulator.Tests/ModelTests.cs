using System.Text.Json;
using System.Text.RegularExpressions;
using OpsCenter.Contracts;
using OpsCenter.Domain.Calendar;
using OpsCenter.Simulator.City;

namespace OpsCenter.Simulator.Tests;

public partial class ModelTests
{
    [Fact]
    public void Plan_SameSeed_SameCity()
    {
        var a = SimulatedCity.Plan();
        var b = SimulatedCity.Plan();

        Assert.Equal(a.WorseUnits.Order(), b.WorseUnits.Order());
        Assert.Equal(a.OutageWards.Order(), b.OutageWards.Order());
        Assert.Equal(a.SilentWard, b.SilentWard);
        Assert.Equal(a.Profiles.OrderBy(p => p.Code), b.Profiles.OrderBy(p => p.Code));
    }

    [Fact]
    public void Dossiers_SameSeed_SameEvents_OtherSeed_Different()
    {
        string Json(int seed) => JsonSerializer.Serialize(SimulatedCity.Model(seed)
            .Accepted("26740", SimulatedCity.Now.AddDays(-3), SimulatedCity.Now, DeskConditions.Normal).SelectMany(d => d.Events), WireJson.Options);

        Assert.Equal(Json(1), Json(1));
        Assert.NotEqual(Json(1), Json(2));
    }

    [Fact]
    public void DailyVolume_EveryUnitEveryWorkingDay_Between50And100_FewerOnWeekends()
    {
        var model = SimulatedCity.Model();
        var today = OfficeHours.LocalDay(SimulatedCity.Now);
        foreach (var unit in model.Plan.DossierUnits)
        {
            for (var day = today.AddDays(-30); day <= today; day = day.AddDays(1))
            {
                var count = model.DayPlan(unit, day).Count;
                if (WorkingCalendar.Default.IsWorkingDay(day))
                {
                    Assert.InRange(count, 50, 100);
                }
                else
                {
                    Assert.InRange(count, 0, 35);
                }
            }
        }
    }

    [Fact]
    public void Backfill_OnlineShare_Between60And70Percent()
    {
        var counts = SimulatedCity.Default.Figures();

        Assert.InRange((double)counts.ReceivedOnline / counts.Received, 0.60, 0.70);
    }

    [Fact]
    public void Backfill_OnTimeRate_Between94And97Percent_ByTheDomainRule()
    {
        var counts = SimulatedCity.Default.Figures();

        Assert.True(counts.Received > 150 * 30 * 40, $"received {counts.Received}");
        Assert.InRange(counts.OnTimeRate!.Value, 0.94, 0.97);
        Assert.True(counts.InProgressLate > 0, "some dossiers are late in progress");
        Assert.True(counts.ApologyLetters > 0, "late dossiers get apology letters");
    }

    [Fact]
    public void Backfill_WorseUnits_AreClearlyWorse()
    {
        var backfill = SimulatedCity.Default;
        var plan = backfill.Model.Plan;
        var city = backfill.Figures(u => !plan.WorseUnits.Contains(u)).OnTimeRate!.Value;

        foreach (var unit in plan.WorseUnits)
        {
            var rate = backfill.Figures(u => u == unit).OnTimeRate!.Value;
            Assert.True(rate < city - 0.07, $"{unit}: {rate:P1} vs the others' {city:P1}");
        }
    }

    [Fact]
    public void Backfill_FlagsAtPlausibleRates()
    {
        var c = SimulatedCity.Default.Figures();

        Assert.InRange((double)c.Digitised / c.Received, 0.75, 0.95);
        Assert.InRange((double)c.DataReused / c.Received, 0.45, 0.65);
        Assert.InRange((double)c.PaidOnline / c.WithFeesDue, 0.5, 0.8);
        Assert.InRange((double)c.ProcessedWithEResult / c.Processed, 0.6, 0.8);
    }

    [Fact]
    public void DossierIds_ArePseudonymous_AndNeverLookLikePersonalData()
    {
        var events = SimulatedCity.Default.Dossiers.Take(5000).SelectMany(d => d.Events);

        Assert.All(events, e =>
        {
            Assert.Matches(IdPattern(), e.DossierId!);
            Assert.DoesNotMatch(PersonalPattern(), e.DossierId!);
        });
    }

    [GeneratedRegex(@"^G01\.79\.[0-9A-Z]+-\d{6}-\d{4}$")]
    private static partial Regex IdPattern();

    // The collector's own check (src/OpsCenter.Collector/Ingest/PersonalData.cs).
    [GeneratedRegex(@"(?<!\d)(\d{9}|\d{12})(?!\d)|(?<!\d)(\+?84|0)[35789]\d{8}(?!\d)")]
    private static partial Regex PersonalPattern();
}
