using OpsCenter.Aggregator.Health;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Retention;

namespace OpsCenter.Aggregator.Tests.Health;

public class HealthTimelineTests
{
    private static readonly DateTimeOffset T = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_HourlyRollupsBeforeRawSamples_ShareTheHourByCounts()
    {
        // Two hours known only from the store's rollup (45 up + 15 down samples each), then raw samples.
        HealthHour[] hours = [new("u", "s", T, 45, 0, 15, 0, 0), new("u", "s", T.AddHours(1), 45, 0, 15, 0, 0)];
        StatusRun[] runs = [new(HealthStatus.Up, T.AddHours(2), T.AddHours(4), TimeSpan.FromMinutes(3))];

        var (segments, figures) = HealthTimeline.Build(runs, T.AddHours(2), hours, [], T, T.AddHours(4));

        Assert.Equal(2 * 45 * 60 + 2 * 3600, figures.UpSeconds, 3);
        Assert.Equal(2 * 15 * 60, figures.DownSeconds, 3);
        Assert.Equal(0.875, figures.Availability);
        Assert.Equal([(SystemState.Down, true), (SystemState.Up, false)], segments.Select(s => (s.State, s.Hourly)));
    }
}
