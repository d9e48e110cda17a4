using System.Net;
using System.Text.Json;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>Each scenario's effect on the wall, switched through the simulator's own API as the dashboard commands do.</summary>
public class ScenarioSystemTests(LiveCityFixture city)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CivilStatusOutage_TheTwelveWardsCivilStatusTurnsRed()
    {
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var wards = await UnitsOf(simulator, "civil-status-outage");

        using (var on = await simulator.PostAsync("/scenarios/civil-status-outage", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }
        try
        {
            Assert.Equal(12, wards.Count);
            foreach (var ward in wards)
            {
                var state = await LiveCityFixture.EventuallyAsync(() => SystemState(reader, ward, "civil-status"), s => s == "down", Within);
                Assert.Equal("down", state);
            }
            Assert.Equal("up", await LiveCityFixture.EventuallyAsync(() => SystemState(reader, wards[0], "one-stop"), s => s == "up", Within));
        }
        finally
        {
            using var off = await simulator.DeleteAsync("/scenarios/civil-status-outage", TestContext.Current.CancellationToken);
        }
        Assert.Equal("up", await LiveCityFixture.EventuallyAsync(() => SystemState(reader, wards[0], "civil-status"), s => s == "up", Within));
    }

    [Fact]
    public async Task SilentWard_TurnsStaleOnTheWall_AndRecovers()
    {
        using var simulator = city.CreateSimulatorClient();
        using var reader = city.CreateReader();
        var ward = (await UnitsOf(simulator, "silent-ward")).Single();

        using (var on = await simulator.PostAsync("/scenarios/silent-ward", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }
        try
        {
            var state = await LiveCityFixture.EventuallyAsync(() => TileState(reader, ward), s => s == "stale", Within);
            Assert.Equal("stale", state);
        }
        finally
        {
            using var off = await simulator.DeleteAsync("/scenarios/silent-ward", TestContext.Current.CancellationToken);
        }
        Assert.NotEqual("stale", await LiveCityFixture.EventuallyAsync(() => TileState(reader, ward), s => s != "stale", Within));
    }

    [Fact]
    public async Task Scenarios_UnknownName_Is404()
    {
        using var simulator = city.CreateSimulatorClient();

        using var response = await simulator.PostAsync("/scenarios/no-such-thing", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<List<string>> UnitsOf(HttpClient simulator, string scenario)
    {
        var all = await LiveCityFixture.GetJsonAsync(simulator, "/scenarios");
        return [.. all.EnumerateArray().Single(s => s.GetProperty("name").GetString() == scenario)
            .GetProperty("units").EnumerateArray().Select(u => u.GetString()!)];
    }

    private static async Task<string?> TileState(HttpClient reader, string unit) =>
        (await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{unit}")).GetProperty("tile").GetProperty("state").GetString();

    private static async Task<string?> SystemState(HttpClient reader, string unit, string system)
    {
        var tile = (await LiveCityFixture.GetJsonAsync(reader, $"/api/query/v1/units/{unit}")).GetProperty("tile");
        return tile.GetProperty("systems").EnumerateArray()
            .Where(s => s.GetProperty("system").GetString() == system)
            .Select(s => s.GetProperty("state").GetString()).FirstOrDefault();
    }
}
