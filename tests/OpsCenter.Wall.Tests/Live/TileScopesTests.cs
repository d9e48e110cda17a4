using OpsCenter.Domain.Units;
using OpsCenter.Wall.Live;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>A layout's scope text: the city, one unit, a built-in or an operator's group; anything else shows nothing.</summary>
public sealed class TileScopesTests : IAsyncLifetime
{
    private WallParts _parts = default!;

    public async ValueTask InitializeAsync() => _parts = await WallParts.StartAsync();

    public async ValueTask DisposeAsync() => await _parts.DisposeAsync();

    private TileScopes Scopes => _parts.Get<TileScopes>();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("city")]
    public void CityOrNothing_IsTheWholeCity_RolledUpInto79(string? text)
    {
        var scope = Scopes.Resolve(text);

        Assert.True(scope.IsCity);
        Assert.Equal(UnitCatalog.HcmcCode, scope.Rollup);
        Assert.Equal(168, scope.Filter(_parts.Get<UnitCatalog>().CommuneLevel).Count());
    }

    [Fact]
    public void AUnit_IsThatUnitOnly()
    {
        var scope = Scopes.Resolve("unit:26740");

        Assert.False(scope.IsCity);
        Assert.Equal("26740", scope.Rollup);
        Assert.True(scope.Contains("26740"));
        Assert.False(scope.Contains("26743"));
        Assert.Equal(["26740"], scope.Filter(_parts.Get<UnitCatalog>().CommuneLevel).Select(u => u.Code));
    }

    [Fact]
    public void ABuiltInGroup_IsItsUnits_RolledUpIntoTheGroup()
    {
        var units = _parts.Get<UnitCatalog>();

        var scope = Scopes.Resolve("group:departments");

        Assert.Equal("departments", scope.Rollup);
        Assert.Equal(units.Departments.Select(d => d.Code).Order(), scope.Members!.Order());
        Assert.False(scope.Contains("26740"));
    }

    [Fact]
    public async Task AnOperatorsGroup_IsReadFromTheCollector()
    {
        _parts.Aggregator.Groups = [("district-1-wards", "Các phường Quận 1 cũ", ["26740", "26743"])];

        var scope = await Eventually.MatchAsync(() => Task.FromResult(Scopes.Resolve("group:district-1-wards")),
            s => s.Members is { Count: 2 }, because: "the operator's group read from the collector");

        Assert.Equal("district-1-wards", scope.Rollup);
        Assert.True(scope.Contains("26743"));
    }

    [Theory]
    [InlineData("unit:99999")]
    [InlineData("group:no-such-group")]
    [InlineData("district:1")]
    [InlineData("unit:")]
    public void AnUnknownScope_ShowsNothing_NotTheCity(string text)
    {
        var scope = Scopes.Resolve(text);

        Assert.False(scope.IsCity);
        Assert.Empty(scope.Filter(_parts.Get<UnitCatalog>().CommuneLevel));
        Assert.False(scope.Contains("26740"));
    }
}
