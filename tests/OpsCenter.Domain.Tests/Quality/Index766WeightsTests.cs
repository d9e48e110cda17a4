using OpsCenter.Domain.Quality;

namespace OpsCenter.Domain.Tests.Quality;

public class Index766WeightsTests
{
    [Fact]
    public void Decision766Of2022_Total_Is100() =>
        Assert.Equal(100, Index766Weights.Decision766Of2022.Total);

    [Fact]
    public void EffectiveOn_TwoVersions_PicksTheOneInForce()
    {
        var revised = Index766Weights.Decision766Of2022 with { Version = "test-2026", EffectiveFrom = new DateOnly(2026, 1, 1), Publicity = 16, Satisfaction = 20 };
        Index766Weights[] versions = [Index766Weights.Decision766Of2022, revised];

        Assert.Equal("766/2022", Index766Weights.EffectiveOn(versions, new DateOnly(2025, 12, 31)).Version);
        Assert.Equal("test-2026", Index766Weights.EffectiveOn(versions, new DateOnly(2026, 1, 1)).Version);
        Assert.Equal(100, revised.Total);
    }

    [Fact]
    public void EffectiveOn_BeforeAnyVersion_Throws() =>
        Assert.Throws<InvalidOperationException>(() => Index766Weights.EffectiveOn([Index766Weights.Decision766Of2022], new DateOnly(2020, 1, 1)));
}
