using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Domain.Health;
using OpsCenter.Simulator.City;
using OpsCenter.Simulator.Extensions;
using OpsCenter.Simulator.Feeds;

namespace OpsCenter.Simulator.Tests;

public class ScenarioTests
{
    // Thursday 26 November 2026, 07:30-17:00 in Ho Chi Minh City.
    private static readonly DateTimeOffset DayStart = new(2026, 11, 26, 0, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DayEnd = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static (ScenarioState State, ScenarioEffects Effects) Scenarios(CityPlan plan, DateTimeOffset? now = null)
    {
        var state = new ScenarioState(new FakeTimeProvider(now ?? DayStart));
        return (state, new ScenarioEffects(plan, state));
    }

    private static int Accepted(DossierModel model, string unit, DateTimeOffset from, DateTimeOffset to, ScenarioEffects effects) =>
        model.Accepted(unit, from, to, effects.Desk(unit, from)).Count();

    [Fact]
    public void MergerBacklog_TriplesTheGroupsWork_AndMakesItLate()
    {
        var model = SimulatedCity.Model();
        var (state, effects) = Scenarios(model.Plan);
        var merged = model.Plan.MergerUnits.Order(StringComparer.Ordinal).First();
        var other = model.Plan.DossierUnits.First(u => !model.Plan.MergerUnits.Contains(u));
        var normal = Accepted(model, merged, DayStart, DayEnd, effects);
        var otherNormal = Accepted(model, other, DayStart, DayEnd, effects);

        state.Activate(ScenarioNames.MergerBacklog);
        var dossiers = model.Accepted(merged, DayStart, DayEnd, effects.Desk(merged, DayStart)).ToList();

        Assert.Equal(36, model.Plan.MergerUnits.Count);
        Assert.InRange(dossiers.Count, normal * 2.7, normal * 3.3);
        Assert.Equal(otherNormal, Accepted(model, other, DayStart, DayEnd, effects));
        var late = dossiers.Count(d => d.Events.Any(e => e.Apology is not null));
        Assert.True(late > dossiers.Count * 0.2, $"{late} of {dossiers.Count} got an apology letter");
    }

    [Fact]
    public void MondaySurge_TwoAndAHalfTimesInTheMorningOnly()
    {
        var model = SimulatedCity.Model();
        var (state, effects) = Scenarios(model.Plan);
        var units = model.Plan.DossierUnits;
        var noon = new DateTimeOffset(2026, 11, 26, 5, 0, 0, TimeSpan.Zero);
        var morning = units.Sum(u => Accepted(model, u, DayStart, noon, effects));
        var afternoon = units.Sum(u => Accepted(model, u, noon, DayEnd, effects));

        state.Activate(ScenarioNames.MondaySurge);

        Assert.InRange(units.Sum(u => Accepted(model, u, DayStart, noon, effects)), morning * 2.3, morning * 2.7);
        Assert.Equal(afternoon, units.Sum(u => Accepted(model, u, noon, DayEnd, effects)));
    }

    // Saturday 28 November 2026, 16:00 in Ho Chi Minh City: no desk takes dossiers then.
    private static readonly DateTimeOffset SaturdayAfternoon = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MondaySurge_SwitchedOnAtAnyHour_OpeningQueueWithinAMinute()
    {
        var model = SimulatedCity.Model();
        var (state, effects) = Scenarios(model.Plan, SaturdayAfternoon);
        var units = model.Plan.DossierUnits;
        Assert.Empty(units.SelectMany(u => effects.Bursts(model, u, SaturdayAfternoon, SaturdayAfternoon.AddMinutes(5))));

        state.Activate(ScenarioNames.MondaySurge);
        var queue = units.SelectMany(u => effects.Bursts(model, u, SaturdayAfternoon.AddSeconds(-10), SaturdayAfternoon.AddMinutes(5))).ToList();
        // Tick by tick (10 s) the same dossiers come out, each once.
        var ticked = Enumerable.Range(0, 30).SelectMany(i => units.SelectMany(u =>
            effects.Bursts(model, u, SaturdayAfternoon.AddSeconds(10 * i), SaturdayAfternoon.AddSeconds(10 * (i + 1))))).ToList();

        var expected = units.Sum(u => model.Plan.Profile(u).DailyVolume) * DossierModel.OpeningQueueShare;
        Assert.InRange(queue.Count, expected * 0.9, expected * 1.1);
        Assert.All(queue, d => Assert.InRange(d.AcceptedAt, SaturdayAfternoon, SaturdayAfternoon + DossierModel.BurstSpread));
        Assert.Equal(queue.Count, queue.Select(d => d.Id).Distinct().Count());
        Assert.Equal(queue.Select(d => d.Id).Order(StringComparer.Ordinal), ticked.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(queue, d => Assert.Matches(@"^G01\.79\.\w+-261128-Q\d{8}$", d.Id));
        Assert.True(units.All(u => queue.Count(d => d.Unit == u) >= 15), "every unit takes at least 15 at once");
    }

    [Fact]
    public void MergerBacklog_SwitchedOn_HandsOverFiles_HalfAlreadyLate_LettersAtOnce()
    {
        var model = SimulatedCity.Model();
        var (state, effects) = Scenarios(model.Plan, SaturdayAfternoon);
        var other = model.Plan.DossierUnits.First(u => !model.Plan.MergerUnits.Contains(u));

        state.Activate(ScenarioNames.MergerBacklog);
        var files = model.Plan.DossierUnits.SelectMany(u => effects.Bursts(model, u, SaturdayAfternoon, SaturdayAfternoon.AddMinutes(2))).ToList();
        var firstMinutes = files.SelectMany(d => d.Events).Where(e => e.At <= SaturdayAfternoon.AddMinutes(2)).ToList();

        Assert.DoesNotContain(files, d => d.Unit == other);
        Assert.All(files, d => Assert.Contains(d.Unit, model.Plan.MergerUnits));
        Assert.InRange(files.Count, 36 * 52 * DossierModel.HandedOverShare * 0.8, 36 * 94 * DossierModel.HandedOverShare * 1.1);
        var overdue = files.Count(d => d.Events[0].AppointmentAt < d.AcceptedAt);
        Assert.InRange(overdue, files.Count * 0.4, files.Count * 0.6);
        var letters = firstMinutes.Count(e => e.Apology is not null);
        Assert.True(letters > overdue * 0.75, $"{letters} letters in the first two minutes for {overdue} overdue files");
        Assert.All(files, d => Assert.Equal(d.Events.OrderBy(e => e.At).Select(e => e.Status), d.Events.Select(e => e.Status)));
        Assert.All(files, d => Assert.Equal(new[] { 2, 4 }, d.Events.Take(2).Select(e => e.Status!.Value)));
    }

    [Fact]
    public void CivilStatusOutage_TwelveWardsCivilStatusDown_OthersUnchanged()
    {
        var plan = SimulatedCity.Plan();
        var (state, effects) = Scenarios(plan);
        var city = new CityModel(SimulatedCity.Units, Options.Create(new SimulatorOptions { Seed = SimulatedCity.Seed }), effects);

        state.Activate(ScenarioNames.CivilStatusOutage);
        var samples = city.NextHealth(DayEnd, TimeSpan.FromSeconds(5));

        var civil = samples.Where(s => s.System == "civil-status").ToList();
        Assert.Equal(12, plan.OutageWards.Count);
        Assert.All(civil.Where(s => plan.OutageWards.Contains(s.Unit!)), s => Assert.Equal(HealthStatus.Down, s.Status));
        Assert.True(civil.Count(s => s.Status == HealthStatus.Down) < 20);
        Assert.All(samples.Where(s => s.System != "civil-status" && plan.OutageWards.Contains(s.Unit!)), s => Assert.NotEqual("civil-status-outage", s.Detail));
    }

    [Fact]
    public void SilentWard_OneWardOnly_AndNormalResetsEverything()
    {
        var plan = SimulatedCity.Plan();
        var (state, effects) = Scenarios(plan);

        state.Activate(ScenarioNames.SilentWard);
        state.Activate(ScenarioNames.Flood);

        Assert.True(effects.IsSilent(plan.SilentWard));
        Assert.Single(plan.Units.CommuneLevel, u => effects.IsSilent(u.Code));
        state.Activate(ScenarioNames.Normal);
        Assert.Empty(state.Active);
        Assert.False(effects.IsSilent(plan.SilentWard));
        Assert.False(state.Activate("no-such-scenario"));
    }

    [Fact]
    public void Flood_IncidentsWithQuickReportFields_WaterRises_ThenResolved()
    {
        var plan = SimulatedCity.Plan();

        var first = FloodModel.Update(plan, DayStart, DayStart, resolved: false);
        var later = FloodModel.Update(plan, DayStart, DayStart.AddMinutes(20), resolved: false);
        var over = FloodModel.Update(plan, DayStart, DayStart.AddMinutes(30), resolved: true);

        Assert.Equal(plan.FloodWards.Order(), first.Select(i => i.Unit!).Order());
        Assert.All(first, i => Assert.Equal(["floodDepthCm", "householdsEvacuated", "rainfallMm"], i.Measurements!.Keys.Order()));
        Assert.True(later.Sum(i => i.Measurements!["floodDepthCm"]) > first.Sum(i => i.Measurements!["floodDepthCm"]));
        Assert.Equal(first.Select(i => i.IncidentId), over.Select(i => i.IncidentId));
        Assert.All(over, i => Assert.Equal("resolved", i.Status));
    }

    [Fact]
    public void Plan_ScenarioWards_AvoidPulledWards_AndDoNotOverlap()
    {
        string[] pulled = ["26740", "27112", "25747"];
        var plan = new CityPlan(SimulatedCity.Units, SimulatedCity.Seed, pulled);

        string[] roles = [.. plan.OutageWards, .. plan.FloodWards, plan.SilentWard, .. plan.CountsOnlyUnits];
        Assert.Equal(roles.Length, roles.Distinct().Count());
        Assert.DoesNotContain(roles, pulled.Contains);
    }
}
