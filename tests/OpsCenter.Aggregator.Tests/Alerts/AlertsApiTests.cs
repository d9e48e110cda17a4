using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Alerts;

/// <summary>
/// <c>/api/query/v1/alerts</c>, its detail and the weekly report, through HTTP over a real store. The
/// clock is the fake one of <see cref="FakeClockApp"/> (Tuesday 10 March 2026, ISO week 2026-W11).
/// </summary>
[Collection(MetricsCollection.Name)]
public class AlertsApiTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    // A: both wards, acknowledged after 5 min, resolved after 60 min. B: ward 26743 only, firing. C: ward 26740, acknowledged after 6 min.
    private const string A = "system-down|civil-status|20260310T000000Z";
    private const string B = "system-down|tax|20260310T013000Z";
    private const string C = "source-silent|test|20260310T015000Z";
    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private static bool _seeded;

    private async Task SeedAsync()
    {
        await Seeded.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_seeded)
            {
                var fired = Start.AddHours(-2);
                await AppendAsync(AlertKinds.Fired, Fired(A, fired, "26740", "26743"));
                await AppendAsync(AlertKinds.Acknowledged, new AlertAcknowledgedEvent(A, "an", fired.AddMinutes(5), AlertAcknowledgedEvent.ViaConsole));
                await AppendAsync(AlertKinds.Resolved, new AlertResolvedEvent(A, AlertResolvedEvent.ReasonCleared, fired.AddHours(1)));
                await AppendAsync(AlertKinds.Fired, Fired(B, Start.AddMinutes(-30), "26743"));
                await AppendAsync(AlertKinds.Fired, Fired(C, Start.AddMinutes(-10), "26740"));
                await AppendAsync(AlertKinds.Acknowledged, new AlertAcknowledgedEvent(C, "binh", Start.AddMinutes(-4), AlertAcknowledgedEvent.ViaEmail));
                _seeded = true;
            }
        }
        finally
        {
            Seeded.Release();
        }
        await Eventually.MatchAsync(() => Task.FromResult(app.State.Alerts.All().Count), n => n == 3);
    }

    [Fact]
    public async Task List_ServiceReader_SeesOpenNewestFirst_AndAllWithResolved()
    {
        await SeedAsync();
        var open = await GetAsync<AlertList>(app.CreateReader(), "/api/query/v1/alerts");
        Assert.Equal([C, B], open.Alerts.Select(a => a.Key));
        Assert.Equal((2, 1), (open.Open, open.Unacknowledged));
        Assert.All(open.Alerts, a => Assert.Null(a.Timeline));

        var all = await GetAsync<AlertList>(app.CreateReader(), "/api/query/v1/alerts?state=all&limit=2");
        Assert.Equal([C, B], all.Alerts.Select(a => a.Key));
        all = await GetAsync<AlertList>(app.CreateReader(), "/api/query/v1/alerts?state=all&unit=26740");
        Assert.Equal([C, A], all.Alerts.Select(a => a.Key));
        Assert.Equal(["26740", "26743"], all.Alerts[1].Units);
    }

    [Fact]
    public async Task List_UnitReader_SeesOnlyItsUnitsAlerts_WithUnitsReduced()
    {
        await SeedAsync();
        var reader = app.CreateReader(AggregatorApp.ScopedKey);
        var all = await GetAsync<AlertList>(reader, "/api/query/v1/alerts?state=all");
        Assert.Equal([C, A], all.Alerts.Select(a => a.Key));
        Assert.All(all.Alerts, a => Assert.Equal([AggregatorApp.ScopedUnit], a.Units));
        Assert.Equal((1, 0), (all.Open, all.Unacknowledged));

        var detail = await GetAsync<AlertView>(reader, $"/api/query/v1/alerts/detail?key={Uri.EscapeDataString(A)}");
        Assert.Equal([AggregatorApp.ScopedUnit], detail.Units);
        Assert.Equal(["fired", "acknowledged", "resolved"], detail.Timeline!.Select(t => t.Kind));

        var other = await reader.GetAsync($"/api/query/v1/alerts/detail?key={Uri.EscapeDataString(B)}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var unknown = await app.CreateReader().GetAsync("/api/query/v1/alerts/detail?key=nothing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var foreign = await reader.GetAsync("/api/query/v1/alerts?unit=26743", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task WeeklyReport_OnFixedInstants_GivesCountsMediansAndMax()
    {
        await SeedAsync();
        var report = await GetAsync<AlertWeeklyReport>(app.CreateReader(), "/api/query/v1/alerts/report?unit=26740&week=2026-W11");
        Assert.Equal(("26740", "2026-W11", Local(2026, 3, 9), Local(2026, 3, 16)), (report.Unit, report.Week, report.From, report.To));
        Assert.Equal((2, 2, 1), (report.Fired, report.Acknowledged, report.Resolved));
        Assert.Equal(330.0, report.MedianSecondsToAcknowledge);
        Assert.Equal(360.0, report.MaxSecondsToAcknowledge);
        Assert.Equal(3600.0, report.MedianSecondsToResolve);
        Assert.Equal([C, A], report.Alerts.Select(a => a.Key));

        // A unit's key reads its own unit's report by default: the clock's week.
        var own = await GetAsync<AlertWeeklyReport>(app.CreateReader(AggregatorApp.ScopedKey), "/api/query/v1/alerts/report");
        Assert.Equal(("26740", "2026-W11", 2), (own.Unit, own.Week, own.Fired));

        var empty = await GetAsync<AlertWeeklyReport>(app.CreateReader(), "/api/query/v1/alerts/report?unit=26740&week=2026-W10");
        Assert.Equal((0, null, null), (empty.Fired, empty.MedianSecondsToAcknowledge, empty.MaxSecondsToAcknowledge));
    }

    [Fact]
    public async Task Gauges_OpenAndUnacknowledged_AreOnMetrics()
    {
        await SeedAsync();
        using var client = app.CreateClient();
        await Eventually.MatchAsync(() => client.GetStringAsync("/metrics", TestContext.Current.CancellationToken),
            page => page.Contains("opscenter_aggregator_alerts_open 2", StringComparison.Ordinal)
                && page.Contains("opscenter_aggregator_alerts_unacknowledged 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/query/v1/alerts?state=closed", "state")]
    [InlineData("/api/query/v1/alerts?limit=0", "limit")]
    [InlineData("/api/query/v1/alerts?limit=501", "limit")]
    [InlineData("/api/query/v1/alerts?unit=nowhere", "unit")]
    [InlineData("/api/query/v1/alerts/detail", "key")]
    [InlineData("/api/query/v1/alerts/report", "unit")]
    [InlineData("/api/query/v1/alerts/report?unit=26740&week=2032-W11", "week")]
    [InlineData("/api/query/v1/alerts/report?unit=26740&week=2026-W54", "week")]
    [InlineData("/api/query/v1/alerts/report?unit=26740&week=9999-W01", "week")]
    [InlineData("/api/query/v1/alerts/report?unit=26740&week=2026-11", "week")]
    public async Task BadValues_Are400_NamingTheField(string path, string field)
    {
        var response = await app.CreateReader().GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
    }

    private static AlertFiredEvent Fired(string key, DateTimeOffset at, params string[] units) =>
        new(key, key.Split('|')[0], "Cảnh báo", "Alert", key.Split('|')[1], units, at.AddMinutes(-5), at, AlertLevel.Warning, "vi", "en");

    private Task AppendAsync<T>(string kind, T item)
        where T : notnull =>
        app.AppendAsync(kind, AlertLog.City, [(Start, item)], AlertKinds.EvaluatorSource);

    private static async Task<T> GetAsync<T>(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<T>(path, WireJson.Options, TestContext.Current.CancellationToken))!;
}
