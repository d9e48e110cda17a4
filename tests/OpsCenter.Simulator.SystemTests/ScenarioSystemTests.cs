using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OpsCenter.Contracts;
using OpsCenter.Domain.Calendar;
using OpsCenter.Domain.Units;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>
/// Each scenario's effect on the wall, switched through the simulator's own API as the dashboard
/// commands do, and read back through the gateway (query API, and the wall in Chromium where a
/// page shows it), one at a time (<see cref="ScenarioCollection"/>).
/// </summary>
[Collection(ScenarioCollection.Name)]
public class ScenarioSystemTests(LiveCityFixture city, BrowserFixture browser)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    // Dossier scenarios act on the next dossier tick (10 s); the query API shows the figures at once.
    private static readonly TimeSpan DossiersWithin = TimeSpan.FromSeconds(90);

    private static ITestOutputHelper Output => TestContext.Current.TestOutputHelper!;

    [Fact]
    public async Task CivilStatusOutage_TheTwelveWardsCivilStatusTurnsRed()
    {
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var wards = await UnitsOf(simulator, "civil-status-outage");

        await SwitchOnAsync(simulator, "civil-status-outage");
        try
        {
            Assert.Equal(12, wards.Count);
            foreach (var ward in wards)
            {
                var state = await Eventually.MatchAsync(() => SystemState(reader, ward, "civil-status"), s => s == "down", Within, poll: LiveCityFixture.Poll);
                Assert.Equal("down", state);
            }
            Assert.InRange(await Eventually.MatchAsync(() => CountInState(reader, wards, "one-stop", "up"), n => n >= wards.Count - RandomOutagesAllowed, Within, poll: LiveCityFixture.Poll),
                wards.Count - RandomOutagesAllowed, wards.Count);

            // On the operations wall: the 12 wards' civil-status cells are red, their other systems are not.
            var page = await OpenWallAsync("/wall/ops");
            foreach (var ward in wards)
            {
                var cell = page.Locator($".matrix tr[data-unit='{ward}'] td[data-system='civil-status']");
                await Assertions.Expect(cell).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 30_000 });
                await Assertions.Expect(cell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("state-down"));
            }
            var oneStopDown = page.Locator(string.Join(", ", wards.Select(w => $".matrix tr[data-unit='{w}'] td[data-system='one-stop'][data-state='Down']")));
            Assert.InRange(await oneStopDown.CountAsync(), 0, RandomOutagesAllowed);
            await page.Context.CloseAsync();
        }
        finally
        {
            await SwitchOffAsync(simulator, "civil-status-outage");
        }
        Assert.InRange(await Eventually.MatchAsync(() => CountInState(reader, wards, "civil-status", "up"), n => n >= wards.Count - RandomOutagesAllowed, Within, poll: LiveCityFixture.Poll),
            wards.Count - RandomOutagesAllowed, wards.Count);
    }

    [Fact]
    public async Task SilentWard_TurnsStaleOnTheWall_AndRecovers()
    {
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var ward = (await UnitsOf(simulator, "silent-ward")).Single();

        await SwitchOnAsync(simulator, "silent-ward");
        try
        {
            var state = await Eventually.MatchAsync(() => TileState(reader, ward), s => s == "stale", Within, poll: LiveCityFixture.Poll);
            Assert.Equal("stale", state);

            // On the city wall its tile turns stale (then silent, if the test were slower).
            var page = await OpenWallAsync("/wall/city");
            await Assertions.Expect(page.Locator($".unit-tile[data-unit='{ward}']")).ToHaveAttributeAsync("data-state",
                new System.Text.RegularExpressions.Regex("^(Stale|Silent)$"), new() { Timeout = 30_000 });
            await page.Context.CloseAsync();
        }
        finally
        {
            await SwitchOffAsync(simulator, "silent-ward");
        }
        Assert.NotEqual("stale", await Eventually.MatchAsync(() => TileState(reader, ward), s => s != "stale", Within, poll: LiveCityFixture.Poll));
    }

    [Fact]
    public async Task Flood_IncidentsWithRainfallAndEvacuations_OnTheWall_ResolvedWhenStopped()
    {
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var wards = await UnitsOf(simulator, "flood");

        await SwitchOnAsync(simulator, "flood");
        var since = Stopwatch.StartNew();
        try
        {
            var floods = await Eventually.MatchAsync(() => Floods(reader), f => f.Count == wards.Count, Within, poll: LiveCityFixture.Poll);
            Output.WriteLine($"{floods.Count} floods open {since.Elapsed.TotalSeconds:0} s after switching on");
            Assert.Equal(4, wards.Count);
            Assert.Equal(wards, floods.Select(f => f.GetProperty("unit").GetString()!).Order(StringComparer.Ordinal));
            foreach (var flood in floods)
            {
                Output.WriteLine(flood.ToString());
                Assert.Equal("flood", flood.GetProperty("kind").GetString());
                Assert.Equal("open", flood.GetProperty("status").GetString());
                var figures = flood.GetProperty("measurements");
                Assert.True(figures.GetProperty("rainfallMm").GetDecimal() >= 60, "heavy rain");
                Assert.True(figures.GetProperty("floodDepthCm").GetDecimal() >= 15, "water in the streets");
                Assert.True(figures.GetProperty("householdsEvacuated").GetDecimal() > 0, "households evacuated");
            }
            // The rain goes on: every tick updates the same incidents with more of it.
            var rainfall = floods.Sum(Rainfall);
            var later = await Eventually.MatchAsync(() => Floods(reader), f => f.Sum(Rainfall) > rainfall, Within, poll: LiveCityFixture.Poll);
            Assert.True(later.Sum(Rainfall) > rainfall, "rainfall readings rise while the scenario runs");

            // On the operations wall's incidents tile, with their figures.
            var page = await OpenWallAsync("/wall/ops");
            foreach (var flood in floods)
            {
                var item = page.Locator($".incidents li[data-incident='{flood.GetProperty("incidentId").GetString()}']");
                await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 45_000 });
                await Assertions.Expect(item.Locator(".incident-figures")).Not.ToBeEmptyAsync();
            }
            Output.WriteLine($"on the wall {since.Elapsed.TotalSeconds:0} s after switching on");
            await page.Context.CloseAsync();
        }
        finally
        {
            await SwitchOffAsync(simulator, "flood");
        }
        Assert.Empty(await Eventually.MatchAsync(() => Floods(reader), f => f.Count == 0, Within, poll: LiveCityFixture.Poll));
    }

    [Fact]
    [AfterBackfill]
    public async Task MondaySurge_EveryUnitsArrivalsJumpWithinAMinute()
    {
        await city.WaitForBackfillAsync();
        await AwayFromMidnightAsync();
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var before = await ToHandleToday(reader);
        var cityBefore = await CityCounts(reader);

        await SwitchOnAsync(simulator, "monday-surge");
        var since = Stopwatch.StartNew();
        try
        {
            // Arrivals today (carried over + received: only received moves) jump by the opening queue,
            // about a third of a day's dossiers in every unit; a normal minute brings one or two at most.
            var after = await Eventually.MatchAsync(() => ToHandleToday(reader),
                a => Jumped(before, a) >= before.Count * 0.9, DossiersWithin, poll: LiveCityFixture.Poll);
            var cityAfter = await CityCounts(reader);
            var jumped = Jumped(before, after);
            Output.WriteLine($"{since.Elapsed.TotalSeconds:0} s after switching on: {jumped} of {before.Count} units took 10 or more dossiers; city received today {cityBefore.GetProperty("received")} -> {cityAfter.GetProperty("received")}");
            Assert.True(jumped >= before.Count * 0.9, $"{jumped} of {before.Count} units' arrivals jumped");
            Assert.True(cityAfter.GetProperty("received").GetInt32() - cityBefore.GetProperty("received").GetInt32() >= 10 * before.Count,
                "the city received at least 10 more dossiers per unit");
        }
        finally
        {
            await SwitchOffAsync(simulator, "monday-surge");
        }
    }

    [Fact]
    [AfterBackfill]
    public async Task MergerBacklog_TheGroupsLateDossiersAndApologyLettersClimb_OthersDoNot()
    {
        await city.WaitForBackfillAsync();
        await AwayFromMidnightAsync();
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var merged = (await UnitsOf(simulator, "merger-backlog")).ToHashSet(StringComparer.Ordinal);
        var hcmc = UnitCatalog.LoadHcmc();
        var othersCount = UnitGroup.Defaults(hcmc, UnitLineage.LoadHcmc(hcmc)).Single(g => g.Id == "origin-hcmc").Units.Count;
        var before = await GroupCounts(reader, "origin-binh-duong");
        var othersBefore = await GroupCounts(reader, "origin-hcmc");

        await SwitchOnAsync(simulator, "merger-backlog");
        var since = Stopwatch.StartNew();
        try
        {
            // The former wards' unfinished files land on the merged desks within a minute: half are
            // past their appointment already, and most of those get an apology letter at once.
            var after = await Eventually.MatchAsync(() => GroupCounts(reader, "origin-binh-duong"),
                a => a.Late - before.Late >= 8 * merged.Count && a.Letters - before.Letters >= 6 * merged.Count, DossiersWithin, poll: LiveCityFixture.Poll);
            var othersAfter = await GroupCounts(reader, "origin-hcmc");
            Output.WriteLine($"{since.Elapsed.TotalSeconds:0} s after switching on, origin-binh-duong ({merged.Count} wards) today: late in progress {before.Late} -> {after.Late}, apology letters {before.Letters} -> {after.Letters}");
            Output.WriteLine($"origin-hcmc ({othersCount} wards) today: late in progress {othersBefore.Late} -> {othersAfter.Late}, apology letters {othersBefore.Letters} -> {othersAfter.Letters}");
            Assert.True(after.Late - before.Late >= 8 * merged.Count, "late dossiers in progress climb in the merged wards");
            Assert.True(after.Letters - before.Letters >= 6 * merged.Count, "apology letters climb in the merged wards");
            // Per ward, the rest of the city moves far less. Compared by difference, not ratio: at 17:00
            // the day's appointments fall due in every ward, and a few dossiers turn late everywhere.
            double PerWard(int delta, int units) => (double)delta / units;
            Assert.True(PerWard(after.Late - before.Late, merged.Count) - PerWard(othersAfter.Late - othersBefore.Late, othersCount) >= 5,
                "late dossiers climb per ward far more in the merged wards than elsewhere");
            Assert.True(PerWard(after.Letters - before.Letters, merged.Count) - PerWard(othersAfter.Letters - othersBefore.Letters, othersCount) >= 4,
                "apology letters climb per ward far more in the merged wards than elsewhere");

            // On the dossier wall, the wards falling behind (most late dossiers this month) are merged wards.
            var page = await OpenWallAsync("/wall/kpi");
            var rows = page.Locator(".falling-behind li[data-unit]");
            await Assertions.Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Output.WriteLine($"falling behind checked {since.Elapsed.TotalSeconds:0} s after switching on");
            var listed = await Eventually.MatchAsync(async () => (await rows.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.unit)")).ToList(),
                units => units.Count(merged.Contains) >= units.Count / 2, Within, poll: LiveCityFixture.Poll);
            Output.WriteLine($"falling behind: {string.Join(", ", listed.Select(u => merged.Contains(u) ? u + " (merged)" : u))}");
            Assert.True(listed.Count(merged.Contains) >= listed.Count / 2, "at least half the wards falling behind are merged ones");
            await page.Context.CloseAsync();
        }
        finally
        {
            await SwitchOffAsync(simulator, "merger-backlog");
        }
    }

    [Fact]
    public async Task Normal_SwitchesEveryScenarioOff_AndTheWallRecovers()
    {
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var outages = await UnitsOf(simulator, "civil-status-outage");
        var outage = outages[0];
        var silent = (await UnitsOf(simulator, "silent-ward")).Single();
        var flooded = await UnitsOf(simulator, "flood");
        try
        {
            foreach (var scenario in new[] { "flood", "civil-status-outage", "silent-ward" })
            {
                await SwitchOnAsync(simulator, scenario);
            }
            Assert.Equal(flooded.Count, (await Eventually.MatchAsync(() => Floods(reader), f => f.Count == flooded.Count, Within, poll: LiveCityFixture.Poll)).Count);
            Assert.Equal("down", await Eventually.MatchAsync(() => SystemState(reader, outage, "civil-status"), s => s == "down", Within, poll: LiveCityFixture.Poll));
            Assert.Equal("stale", await Eventually.MatchAsync(() => TileState(reader, silent), s => s == "stale", Within, poll: LiveCityFixture.Poll));

            using (var reset = await simulator.PostAsync("/scenarios/normal", null, TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
                Assert.Empty(await reset.Content.ReadFromJsonAsync<string[]>(TestContext.Current.CancellationToken) ?? ["?"]);
            }
            var list = await LiveCityFixture.GetJsonAsync(simulator, "/scenarios");
            Assert.All(list.EnumerateArray(), s => Assert.Equal(s.GetProperty("name").GetString() == "normal", s.GetProperty("active").GetBoolean()));

            Assert.Empty(await Eventually.MatchAsync(() => Floods(reader), f => f.Count == 0, Within, poll: LiveCityFixture.Poll));
            Assert.InRange(await Eventually.MatchAsync(() => CountInState(reader, outages, "civil-status", "up"), n => n >= outages.Count - RandomOutagesAllowed, Within, poll: LiveCityFixture.Poll),
                outages.Count - RandomOutagesAllowed, outages.Count);
            var back = await Eventually.MatchAsync(() => TileState(reader, silent), s => s is not "stale" and not "silent", Within, poll: LiveCityFixture.Poll);
            Assert.True(back is not "stale" and not "silent", $"the silent ward is {back} again");
        }
        finally
        {
            using var reset = await simulator.PostAsync("/scenarios/normal", null, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task NationalScale_All3321UnitsReportHealth_ThroughTheQueryApi()
    {
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var national = UnitCatalog.LoadNational();
        var provinces = national.All.Where(u => u.ParentCode is null).Select(u => u.Code).ToList();
        var communes = national.All.Count(u => u.Kind is UnitKind.Ward or UnitKind.Commune or UnitKind.SpecialZone);
        Assert.Equal(3321, communes);

        await SwitchOnAsync(simulator, "national-scale");
        var since = Stopwatch.StartNew();
        try
        {
            // Every commune-level unit of the country, each with its six systems reported.
            var reporting = await Eventually.MatchAsync(() => Reporting(reader, provinces), n => n == communes, TimeSpan.FromSeconds(120), poll: LiveCityFixture.Poll);
            Output.WriteLine($"{since.Elapsed.TotalSeconds:0} s after switching on: {reporting} of {communes} commune-level units report six systems");
            Assert.Equal(communes, reporting);
            // A ward of Hà Nội, as the query API shows it: its six systems as they reported, almost all up.
            var hanoi = national.ChildrenOf("01")[0];
            var systems = (await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{hanoi.Code}")).GetProperty("tile").GetProperty("systems");
            Assert.Equal(6, systems.GetArrayLength());
            Assert.All(systems.EnumerateArray(), s => Assert.Contains(s.GetProperty("lastStatus").GetString(), new[] { "up", "down" }));
        }
        finally
        {
            await SwitchOffAsync(simulator, "national-scale");
        }
    }

    [Fact]
    public async Task Scenarios_UnknownName_Is404()
    {
        using var simulator = city.CreateSimulatorClient();

        using var response = await simulator.PostAsync("/scenarios/no-such-thing", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// Figures "today" start again at local midnight: a test that compares them before and after a
    /// scenario (at most <see cref="DossiersWithin"/> apart) waits until midnight is past when it
    /// is nearer than that.
    /// </summary>
    private static async Task AwayFromMidnightAsync()
    {
        var local = TestClock.VietnamNow;
        var untilMidnight = local.Date.AddDays(1) - local.DateTime;
        if (untilMidnight < DossiersWithin + TimeSpan.FromSeconds(15))
        {
            await Task.Delay(untilMidnight + TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
    }

    private static async Task SwitchOnAsync(HttpClient simulator, string scenario)
    {
        using var on = await simulator.PostAsync($"/scenarios/{scenario}", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
    }

    private static async Task SwitchOffAsync(HttpClient simulator, string scenario)
    {
        using var off = await simulator.DeleteAsync($"/scenarios/{scenario}", TestContext.Current.CancellationToken);
    }

    private async Task<IPage> OpenWallAsync(string path)
    {
        var page = await browser.NewWallPageAsync(city.GatewayUrl);
        await page.GotoAsync(new Uri(city.GatewayUrl, path).ToString());
        return page;
    }

    private static async Task<List<string>> UnitsOf(HttpClient simulator, string scenario)
    {
        var all = await LiveCityFixture.GetJsonAsync(simulator, "/scenarios");
        return [.. all.EnumerateArray().Single(s => s.GetProperty("name").GetString() == scenario)
            .GetProperty("units").EnumerateArray().Select(u => u.GetString()!)];
    }

    private static async Task<string?> TileState(HttpClient reader, string unit) =>
        (await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{unit}")).GetProperty("tile").GetProperty("state").GetString();

    /// <summary>
    /// The simulator's normal run has outages of its own (1-12 minutes, flaky systems more often):
    /// a ward can be down for its own reasons while a test looks, so "the others are up" means all
    /// but this many (a test once waited a minute for a ward in such an outage).
    /// </summary>
    private const int RandomOutagesAllowed = 2;

    /// <summary>How many of <paramref name="units"/> show <paramref name="system"/> in <paramref name="state"/>.</summary>
    private static async Task<int> CountInState(HttpClient reader, IReadOnlyList<string> units, string system, string state)
    {
        var count = 0;
        foreach (var unit in units)
        {
            count += await SystemState(reader, unit, system) == state ? 1 : 0;
        }
        return count;
    }

    private static async Task<string?> SystemState(HttpClient reader, string unit, string system)
    {
        var tile = (await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{unit}")).GetProperty("tile");
        return tile.GetProperty("systems").EnumerateArray()
            .Where(s => s.GetProperty("system").GetString() == system)
            .Select(s => s.GetProperty("state").GetString()).FirstOrDefault();
    }

    /// <summary>The city's open flood incidents, as the wall's incidents tile reads them.</summary>
    private static async Task<List<JsonElement>> Floods(HttpClient reader) =>
        [.. (await LiveCityFixture.GetJsonAsync(reader, "/api/query/v1/units/79/incidents")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("incidentId").GetString()!.StartsWith("FLOOD-", StringComparison.Ordinal))];

    private static decimal Rainfall(JsonElement incident) => incident.GetProperty("measurements").GetProperty("rainfallMm").GetDecimal();

    /// <summary>Today's dossiers to handle of every unit that sends dossier events (not daily counts).</summary>
    private static async Task<Dictionary<string, int>> ToHandleToday(HttpClient reader)
    {
        var units = await LiveCityFixture.GetJsonAsync(reader, "/api/query/v1/units/79/children");
        var figures = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var unit in units.EnumerateArray())
        {
            if (unit.GetProperty("tile").TryGetProperty("kpis", out var kpis) && kpis.TryGetProperty("today", out var today)
                && today.GetProperty("source").GetString() == "dossiers")
            {
                figures[unit.GetProperty("code").GetString()!] = today.GetProperty("toHandle").GetInt32();
            }
        }
        return figures;
    }

    private static int Jumped(Dictionary<string, int> before, Dictionary<string, int> after) =>
        before.Count(b => after.GetValueOrDefault(b.Key) - b.Value >= 10);

    private static async Task<JsonElement> CityCounts(HttpClient reader) =>
        (await LiveCityFixture.GetJsonAsync(reader, "/api/query/v1/units/79/kpis?period=today")).GetProperty("counts");

    /// <summary>A group's late dossiers in progress and apology letters today.</summary>
    private static async Task<(int Late, int Letters)> GroupCounts(HttpClient reader, string group)
    {
        var counts = (await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{group}/kpis?period=today")).GetProperty("counts");
        return (counts.GetProperty("inProgressLate").GetInt32(), counts.GetProperty("apologyLetters").GetInt32());
    }

    /// <summary>How many commune-level units of the country have their six systems reported.</summary>
    private static async Task<int> Reporting(HttpClient reader, IEnumerable<string> provinces)
    {
        var count = 0;
        foreach (var province in provinces)
        {
            var units = await reader.GetFromJsonAsync<JsonElement>($"/api/query/v1/units/{province}/children", WireJson.Options, TestContext.Current.CancellationToken);
            count += units.EnumerateArray().Count(u => u.GetProperty("kind").GetString() != "department"
                && u.GetProperty("tile").GetProperty("systems").GetArrayLength() >= 6);
        }
        return count;
    }
}
