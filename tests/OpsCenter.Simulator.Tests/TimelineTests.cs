using Microsoft.Extensions.Time.Testing;
using OpsCenter.Simulator.City;
using OpsCenter.Simulator.Feeds;

namespace OpsCenter.Simulator.Tests;

public class TimelineTests
{
    private static Dictionary<string, string> Keys(DateTimeOffset start, IReadOnlyList<string> units, int days)
    {
        var model = SimulatedCity.Model();
        var timeline = new DossierTimeline(model, units, DossierTimeline.HorizonFor(start, days));
        timeline.Generate(start, (_, _) => DeskConditions.Normal);
        var keys = new Dictionary<string, string>();
        while (timeline.NextClosedWindow(start) is { } w)
        {
            if (w.Events.Count > 0)
            {
                keys[w.Start.ToString("O")] = BatchSender.KeyOf(SimulatedCity.Seed, "dossier", w.Start.ToString("O"), 0, w.Events);
            }
        }
        return keys;
    }

    [Fact]
    public void Restart_LaterAndWithAnotherHorizon_RebuildsTheSameWindowsWithTheSameKeys()
    {
        string[] units = ["26740", "27112", "SNNMT"];
        var first = Keys(SimulatedCity.Now, units, 10);
        var restart = Keys(SimulatedCity.Now.AddHours(26), units, 10);

        var common = first.Keys.Intersect(restart.Keys).ToList();
        Assert.True(common.Count > 100, $"{common.Count} windows in common");
        Assert.All(common, w => Assert.Equal(first[w], restart[w]));
    }

    [Fact]
    public void Windows_HoldOnlyPastEvents_InTimeOrder()
    {
        var model = SimulatedCity.Model();
        var now = SimulatedCity.Now;
        var timeline = new DossierTimeline(model, ["26740"], DossierTimeline.HorizonFor(now, 3));
        timeline.Generate(now, (_, _) => DeskConditions.Normal);

        var all = new List<Contracts.Ingest.DossierEventItem>();
        while (timeline.NextClosedWindow(now) is { } w)
        {
            Assert.All(w.Events, e => Assert.InRange(e.At!.Value, w.Start, w.Start + DossierTimeline.Window));
            all.AddRange(w.Events);
        }
        Assert.True(all.Count > 200);
        Assert.True(timeline.Pending > 0, "future events wait for their time");
        Assert.All(all, e => Assert.True(e.At <= now));
    }

    [Fact]
    public void ScenarioExtras_GoOutAsTheyFallDue_NeverInTheWindows()
    {
        var model = SimulatedCity.Model();
        var state = new ScenarioState(new FakeTimeProvider(SimulatedCity.Now));
        var effects = new ScenarioEffects(model.Plan, state);
        var now = SimulatedCity.Now;
        var timeline = new DossierTimeline(model, ["26740", "27112"], DossierTimeline.HorizonFor(now, 3));
        timeline.Generate(now, effects.Desk);
        while (timeline.NextClosedWindow(now) is not null)
        {
        }

        state.Activate(ScenarioNames.MondaySurge);
        var later = now.AddSeconds(30);
        timeline.Generate(later, effects.Desk, (unit, from, to) => effects.Bursts(model, unit, from, to));
        var due = timeline.TakeDueExtras(later);
        var windows = new List<Contracts.Ingest.DossierEventItem>();
        while (timeline.NextClosedWindow(now.AddMinutes(10)) is { } w)
        {
            windows.AddRange(w.Events);
        }

        Assert.Contains(due, e => e.Status == 2);
        Assert.All(due, e => Assert.InRange(e.At!.Value, now.AddHours(-19), later));
        Assert.All(due, e => Assert.Contains("-Q", e.DossierId));
        Assert.DoesNotContain(windows, e => e.DossierId!.Contains("-Q", StringComparison.Ordinal));
        Assert.Empty(timeline.TakeDueExtras(later));
        Assert.True(timeline.PendingExtras > 0, "their later events wait for their time");
    }

    [Fact]
    public void CountsOnlyUnits_DailySnapshots_AreConsistent()
    {
        var model = SimulatedCity.Model();
        var unit = model.Plan.CountsOnlyUnits.Order(StringComparer.Ordinal).First();

        var days = new BacklogModel(model).Days(unit, OfficeHours.LocalDay(SimulatedCity.Now).AddDays(-7), SimulatedCity.Now);

        Assert.Equal(8, days.Count);
        Assert.DoesNotContain(unit, model.Plan.DossierUnits);
        Assert.All(days, d =>
        {
            Assert.Equal(d.CarriedOver + d.Received, d.ToHandle);
            Assert.True(d.InProgressLate + d.InProgressNearlyDue + d.InProgressNotDue + d.ProcessedOnTime + d.ProcessedLate <= d.ToHandle);
            Assert.True(d.ReceivedOnline <= d.Received);
        });
        Assert.Contains(days, d => d.Received >= 50);
    }

    [Fact]
    public void Index766_AroundEightyToNinety_WeakUnitsLower_DtiOutOf100()
    {
        var plan = SimulatedCity.Plan();

        var week = IndexModel.Week766(plan, new DateOnly(2026, 11, 16));
        var dti = IndexModel.Dti2025(plan, SimulatedCity.Now);

        Assert.All(week, i => Assert.Equal("2026-W47", i.Period));
        Assert.All(week.Where(i => i.Unit != "79" && !plan.Weak766Units.Contains(i.Unit!)), i => Assert.InRange(i.Value!.Value, 78.5m, 91.5m));
        Assert.All(week.Where(i => plan.Weak766Units.Contains(i.Unit!)), i => Assert.InRange(i.Value!.Value, 50m, 70m));
        Assert.Equal(168 + 17 + 1, week.Count);
        Assert.All(dti, i => Assert.InRange(i.Value!.Value, 0m, 100m));
    }
}
