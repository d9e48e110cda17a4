using OpsCenter.Contracts.Query;
using OpsCenter.Aggregator.Health;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Aggregator.Tests.Health;

/// <summary>Each test has its own app on a fake clock: history and maintenance depend on the time.</summary>
public class HealthHistoryTests
{
    private const string Unit = "26737";
    private const string SystemCode = "civil-status";

    // Now is T. One sample a minute (the default interval, so a sample holds 3 minutes):
    // up from T-24h, down from T-12h, up again from T-11h until T-1min. Down exactly 1 h of 24.
    private static IEnumerable<HealthSample> KnownDay(DateTimeOffset t)
    {
        for (var minute = 24 * 60; minute >= 1; minute--)
        {
            var at = t.AddMinutes(-minute);
            var down = at >= t.AddHours(-12) && at < t.AddHours(-11);
            yield return new HealthSample { Unit = Unit, System = SystemCode, Status = down ? HealthStatus.Down : HealthStatus.Up, CheckedAt = at };
        }
    }

    private static async Task<UnitHealth> HealthOnceAppliedAsync(FakeClockApp app) =>
        await Eventually.MatchAsync(() => app.GetAsync<UnitHealth>($"/api/query/v1/units/{Unit}/health"),
            h => h.Systems.Any(s => s.System == SystemCode && s.LastSeen is not null));

    [Fact]
    public async Task Availability_KnownDayWithOneHourDown_Is23Of24()
    {
        await using var app = new FakeClockApp();
        await app.AppendHealthBatchAsync(Unit, KnownDay(FakeClockApp.Start));

        var health = await HealthOnceAppliedAsync(app);

        var system = Assert.Single(health.Systems);
        Assert.Equal(23.0 / 24, system.Last24h.Availability!.Value, 4);
        Assert.Equal(3600, system.Last24h.DownSeconds, 0);
        Assert.Equal(23 * 3600, system.Last24h.UpSeconds, 0);
        Assert.Equal(0, system.Last24h.MaintenanceSeconds);
        // 30 days: the 29 days before the samples are no data, not downtime.
        Assert.Equal(23.0 / 24, system.Last30d.Availability!.Value, 4);
        Assert.True(system.Last30d.NoDataSeconds > 28 * 86400);
        Assert.Equal(system.Last24h.Availability, health.Last24h.Availability);
    }

    [Fact]
    public async Task Availability_DownHourInsideMaintenance_IsExcludedAndShownAsMaintenance()
    {
        await using var app = new FakeClockApp();
        var t = FakeClockApp.Start;
        await app.Admin.SaveMaintenanceAsync(new MaintenanceWindow("m1", Unit, SystemCode, t.AddHours(-12), t.AddHours(-11), "Nâng cấp", "test"), CancellationToken.None);
        await app.AppendHealthBatchAsync(Unit, KnownDay(t));

        var health = await Eventually.MatchAsync(() => app.GetAsync<UnitHealth>($"/api/query/v1/units/{Unit}/health"),
            h => h.Systems.Any(s => s.Last24h.MaintenanceSeconds > 0));

        var day = Assert.Single(health.Systems).Last24h;
        Assert.Equal(1.0, day.Availability);
        Assert.Equal(3600, day.MaintenanceSeconds, 0);
        Assert.Equal(0, day.DownSeconds);
        var timeline = await app.GetAsync<SystemTimeline>($"/api/query/v1/units/{Unit}/systems/{SystemCode}/timeline?range=24h");
        Assert.Equal([SystemState.Up, SystemState.Maintenance, SystemState.Up], timeline.Segments.Select(s => s.State));
    }

    [Fact]
    public async Task Timeline_KnownDay_HasUpDownUpSegmentsWithExactBounds()
    {
        await using var app = new FakeClockApp();
        var t = FakeClockApp.Start;
        await app.AppendHealthBatchAsync(Unit, KnownDay(t));
        await HealthOnceAppliedAsync(app);

        var timeline = await app.GetAsync<SystemTimeline>($"/api/query/v1/units/{Unit}/systems/{SystemCode}/timeline?range=24h");

        Assert.Equal([SystemState.Up, SystemState.Down, SystemState.Up], timeline.Segments.Select(s => s.State));
        Assert.Equal(t.AddHours(-12), timeline.Segments[1].From);
        Assert.Equal(t.AddHours(-11), timeline.Segments[1].To);
        Assert.Equal(timeline.To, timeline.Segments[^1].To);
        Assert.All(timeline.Segments, s => Assert.False(s.Hourly));
    }

    [Fact]
    public async Task Timeline_SevenDays_GapBeforeSamplesIsNoData()
    {
        await using var app = new FakeClockApp();
        await app.AppendHealthBatchAsync(Unit, KnownDay(FakeClockApp.Start));
        await HealthOnceAppliedAsync(app);

        var timeline = await app.GetAsync<SystemTimeline>($"/api/query/v1/units/{Unit}/systems/{SystemCode}/timeline?range=7d");

        Assert.Equal(SystemState.NoData, timeline.Segments[0].State);
        Assert.Equal(FakeClockApp.Start.AddHours(-24), timeline.Segments[0].To);
    }

    [Fact]
    public async Task Tile_DownSystemInActiveMaintenance_ShowsMaintenanceNotDown()
    {
        await using var app = new FakeClockApp();
        var t = FakeClockApp.Start;
        await app.Admin.SaveMaintenanceAsync(new MaintenanceWindow("m2", Unit, null, t.AddMinutes(-10), t.AddHours(2), "Bảo trì máy chủ", "test"), CancellationToken.None);
        await app.AppendHealthAsync(Unit, SystemCode, HealthStatus.Down, t);

        var health = await Eventually.MatchAsync(() => app.GetAsync<UnitHealth>($"/api/query/v1/units/{Unit}/health"),
            h => h.State == SystemState.Maintenance); // the window is read on the tailer's next refresh

        Assert.Equal(SystemState.Maintenance, health.State);
        Assert.Equal(SystemState.Maintenance, health.Systems[0].State);
        var unit = await app.GetAsync<OpsCenter.Contracts.Query.UnitView>($"/api/query/v1/units/{Unit}");
        Assert.Equal(SystemState.Maintenance, unit.Tile.State);
        Assert.Equal(SystemState.Maintenance, unit.Tile.Systems.Single().State);
    }

    [Fact]
    public async Task Timeline_UnknownRange_Is400()
    {
        await using var app = new FakeClockApp();

        var response = await app.CreateReader().GetAsync($"/api/query/v1/units/{Unit}/systems/{SystemCode}/timeline?range=1y", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
