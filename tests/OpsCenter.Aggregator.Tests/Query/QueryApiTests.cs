using OpsCenter.Contracts.Query;
using System.Net;
using System.Net.Http.Json;
using OpsCenter.Aggregator.Query;
using OpsCenter.Contracts;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.Aggregator.Tests.Query;

public class QueryApiTests(AggregatorApp app) : IClassFixture<AggregatorApp>
{
    private Task<UnitView?> GetUnitAsync(string code) =>
        app.CreateReader().GetFromJsonAsync<UnitView>($"/api/query/v1/units/{code}", WireJson.Options, TestContext.Current.CancellationToken);

    [Fact]
    public async Task GetUnit_Anonymous_Is401()
    {
        using var response = await app.CreateClient().GetAsync("/api/query/v1/units/26740", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetUnit_WrongKey_Is401()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "nope");

        using var response = await client.GetAsync("/api/query/v1/units/26740", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetUnit_UnknownCode_Is404()
    {
        using var response = await app.CreateReader().GetAsync("/api/query/v1/units/99999", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetUnit_WithoutSamples_IsNoDataNotUp()
    {
        var unit = await GetUnitAsync("26743");

        Assert.Equal("Phường Bến Thành", unit!.FullName);
        Assert.Equal(SystemState.NoData, unit.Tile.State);
        Assert.Null(unit.Tile.LastSampleAt);
    }

    [Fact]
    public async Task GetUnit_AfterSamples_ShowsTheWorstSystemAndCounts()
    {
        await app.AppendHealthAsync("27112", "civil-status", HealthStatus.Down);
        await app.AppendHealthAsync("27112", "one-stop", HealthStatus.Up);

        var unit = await Eventually.MatchAsync(() => GetUnitAsync("27112"), u => u!.Tile.Systems.Count == 2);

        Assert.Equal(SystemState.Down, unit!.Tile.State);
        Assert.Equal(1, unit.Tile.StateCounts[SystemState.Down]);
        Assert.Equal(1, unit.Tile.StateCounts[SystemState.Up]);
    }

    [Fact]
    public async Task GetUnit_OlderSampleArrivingLate_DoesNotOverrideNewer()
    {
        await app.AppendHealthAsync("26842", "accounting", HealthStatus.Up, DateTimeOffset.UtcNow);
        await app.AppendHealthAsync("26842", "accounting", HealthStatus.Down, DateTimeOffset.UtcNow.AddMinutes(-1));
        await app.AppendHealthAsync("26842", "personnel", HealthStatus.Up);

        var unit = await Eventually.MatchAsync(() => GetUnitAsync("26842"), u => u!.Tile.Systems.Count == 2);

        Assert.Equal(SystemState.Up, unit!.Tile.State);
    }

    [Fact]
    public async Task GetChildren_City_Lists168CommunesAnd17Departments()
    {
        var children = await app.CreateReader().GetFromJsonAsync<UnitView[]>("/api/query/v1/units/79/children", WireJson.Options, TestContext.Current.CancellationToken);

        Assert.Equal(168, children!.Count(c => c.Kind is UnitKind.Ward or UnitKind.Commune or UnitKind.SpecialZone));
        Assert.Equal(17, children!.Count(c => c.Kind == UnitKind.Department));
    }
}
