using OpsCenter.Domain.Health;

namespace OpsCenter.Domain.Tests.Health;

public class FreshnessPolicyTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(0, Freshness.Fresh)]
    [InlineData(60, Freshness.Fresh)]
    [InlineData(61, Freshness.Late)]
    [InlineData(180, Freshness.Late)]
    [InlineData(181, Freshness.Stale)]
    [InlineData(3600, Freshness.Stale)]
    [InlineData(3601, Freshness.Silent)]
    public void Classify_OneMinuteInterval_FollowsTheDefaults(int ageSeconds, Freshness expected) =>
        Assert.Equal(expected, FreshnessPolicy.Default.Classify(TimeSpan.FromSeconds(ageSeconds), Minute));

    [Fact]
    public void Classify_LongInterval_StaysStaleUpToTenIntervals()
    {
        var daily = TimeSpan.FromDays(1);

        Assert.Equal(Freshness.Stale, FreshnessPolicy.Default.Classify(TimeSpan.FromDays(9), daily));
        Assert.Equal(Freshness.Silent, FreshnessPolicy.Default.Classify(TimeSpan.FromDays(10.5), daily));
    }

    [Fact]
    public void NextChangeAt_FreshSample_IsOneIntervalOld() =>
        Assert.Equal(Minute, FreshnessPolicy.Default.NextChangeAt(TimeSpan.FromSeconds(10), Minute));

    [Fact]
    public void NextChangeAt_SilentSample_IsNever() =>
        Assert.Null(FreshnessPolicy.Default.NextChangeAt(TimeSpan.FromHours(2), Minute));

    [Fact]
    public void Classify_ZeroInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FreshnessPolicy.Default.Classify(TimeSpan.Zero, TimeSpan.Zero));
}
