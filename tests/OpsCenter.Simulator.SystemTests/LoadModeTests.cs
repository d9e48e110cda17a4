using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsCenter.Contracts;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>The load mode, as a benchmark would use it: it reports the rate the center really took.</summary>
[Collection(ScenarioCollection.Name)]
public class LoadModeTests(LiveCityFixture city)
{
    [Theory]
    [InlineData("health", 2000, 10)]
    [InlineData("dossier", 500, 10)]
    public async Task Load_SustainsTheRate_AndReportsIt(string kind, int perSecond, int seconds)
    {
        using var simulator = city.CreateSimulatorClient();
        simulator.Timeout = TimeSpan.FromMinutes(8);
        // After the backfill, so the two do not measure each other.
        await Eventually.MatchAsync(() => LiveCityFixture.GetJsonAsync(simulator, "/status"),
            LiveCityFixture.BackfillDone, TimeSpan.FromMinutes(6), "the 30-day backfill in", poll: LiveCityFixture.Poll);

        using var response = await simulator.PostAsJsonAsync("/load", new { kind, perSecond, seconds }, TestContext.Current.CancellationToken);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(WireJson.Options, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper!.WriteLine($"{kind} {perSecond}/s x {seconds} s: {report}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(perSecond * seconds, report.GetProperty("stored").GetInt64());
        Assert.Equal(0, report.GetProperty("failed").GetInt64());
        Assert.True(report.GetProperty("achievedPerSecond").GetDouble() > perSecond * 0.5, "achieved at least half the rate asked");
    }
}
