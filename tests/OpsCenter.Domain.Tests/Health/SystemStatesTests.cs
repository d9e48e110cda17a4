using OpsCenter.Domain.Health;

namespace OpsCenter.Domain.Tests.Health;

public class SystemStatesTests
{
    [Theory]
    [InlineData(HealthStatus.Up, Freshness.Fresh, SystemState.Up)]
    [InlineData(HealthStatus.Up, Freshness.Late, SystemState.Up)]
    [InlineData(HealthStatus.Down, Freshness.Fresh, SystemState.Down)]
    [InlineData(HealthStatus.Up, Freshness.Stale, SystemState.Stale)]
    [InlineData(HealthStatus.Down, Freshness.Silent, SystemState.Silent)]
    [InlineData(HealthStatus.Degraded, Freshness.Fresh, SystemState.Degraded)]
    public void From_CombinesStatusAndFreshness(HealthStatus status, Freshness freshness, SystemState expected) =>
        Assert.Equal(expected, SystemStates.From(status, freshness));

    [Fact]
    public void From_StaleUp_IsNeverShownAsUp() =>
        Assert.NotEqual(SystemState.Up, SystemStates.From(HealthStatus.Up, Freshness.Stale));

    [Fact]
    public void Worst_PicksDownOverEverything() =>
        Assert.Equal(SystemState.Down, SystemStates.Worst([SystemState.Up, SystemState.Silent, SystemState.Down, SystemState.Degraded]));

    [Fact]
    public void Worst_SilentIsWorseThanDegraded() =>
        Assert.Equal(SystemState.Silent, SystemStates.Worst([SystemState.Degraded, SystemState.Silent, SystemState.Up]));

    [Fact]
    public void Worst_Empty_IsNoData() => Assert.Equal(SystemState.NoData, SystemStates.Worst([]));
}
