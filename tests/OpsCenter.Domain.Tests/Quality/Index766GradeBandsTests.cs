using OpsCenter.Domain.Quality;

namespace OpsCenter.Domain.Tests.Quality;

public class Index766GradeBandsTests
{
    [Theory]
    [InlineData(100, Index766Grade.Excellent)]
    [InlineData(90, Index766Grade.Excellent)]
    [InlineData(89.99, Index766Grade.Good)]
    [InlineData(80.62, Index766Grade.Good)] // HCMC, one week of 2024-25
    [InlineData(57, Index766Grade.Fair)]
    [InlineData(50, Index766Grade.Fair)]
    [InlineData(49.9, Index766Grade.Weak)]
    public void Classify_Score_FallsInItsBand(double score, Index766Grade expected) =>
        Assert.Equal(expected, Index766GradeBands.Default.Classify(score));
}
