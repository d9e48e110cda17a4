using OpsCenter.Domain.Dossiers;

namespace OpsCenter.Domain.Tests.Dossiers;

public class ProcessingTimeStatsTests
{
    [Fact]
    public void From_TwoValues_InterpolatesTheMedian()
    {
        var stats = ProcessingTimeStats.From("P1", [2, 1]);

        Assert.Equal(1.5, stats.P50);
        Assert.Equal(1.9, stats.P90, 12);
    }

    [Fact]
    public void From_OneToTen_P90IsNinePointOne() =>
        Assert.Equal(9.1, ProcessingTimeStats.From("P1", Enumerable.Range(1, 10).Select(i => (double)i)).P90, 12);

    [Fact]
    public void From_SingleValue_IsThatValue() =>
        Assert.Equal(new ProcessingTimeStats("P1", 1, 3, 3), ProcessingTimeStats.From("P1", [3]));

    [Fact]
    public void From_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => ProcessingTimeStats.From("P1", []));
}
