using System.Net;
using OpsCenter.Wall.Components.Tiles;

namespace OpsCenter.Wall.Tests.Alerts;

/// <summary>A unit's briefing: this week's alerts from the weekly report, with durations in the page's language.</summary>
public sealed class AlertsWeekTests : IAsyncLifetime
{
    private WallApp _wall = default!;

    public async ValueTask InitializeAsync() => _wall = await WallApp.StartAsync();

    public async ValueTask DisposeAsync() => await _wall.DisposeAsync();

    [Theory]
    [InlineData("", "Cảnh báo tuần này", "4 phút 30 giây", "1 giờ 2 phút", "Một cửa ngừng hoạt động")]
    [InlineData("?culture=en-US", "Alerts this week", "4 min 30 s", "1 h 2 min", "One-door system down")]
    public async Task UnitBriefing_ShowsThisWeeksAlerts(string query, string title, string toAcknowledge, string toResolve, string text)
    {
        var weekBefore = AlertText.IsoWeek(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)));
        using var client = _wall.Client();

        using var response = await WallApp.GetAsync(client, "/briefing/unit/" + StandInCollector.Unit + query, await _wall.SignInAsync("department-1"));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var weekAfter = AlertText.IsoWeek(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains(toAcknowledge, html, StringComparison.Ordinal);
        Assert.Contains(toResolve, html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        var asked = Assert.Single(_wall.Collector.Requests, r => r.Path.StartsWith("/api/query/v1/alerts/report?", StringComparison.Ordinal));
        Assert.Contains("unit=" + StandInCollector.Unit, asked.Path, StringComparison.Ordinal);
        Assert.True(asked.Path.EndsWith("week=" + weekBefore, StringComparison.Ordinal) || asked.Path.EndsWith("week=" + weekAfter, StringComparison.Ordinal), asked.Path);
    }
}
