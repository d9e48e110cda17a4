using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Wall.Live;

namespace OpsCenter.Wall.Tests.Alerts;

/// <summary>The ops wall's alerts tile, as the Wall renders it from what its one alert reader got from the aggregator.</summary>
public sealed class AlertsTileTests : IAsyncLifetime
{
    private WallApp _wall = default!;

    public async ValueTask InitializeAsync()
    {
        _wall = await WallApp.StartAsync();
        var now = DateTimeOffset.UtcNow;
        _wall.Collector.OpenAlerts = new AlertList(7, now, 2, 1,
        [
            View("k1", AlertLevel.Critical, AlertStates.Firing, now.AddMinutes(-12).AddSeconds(-5), null),
            View("k2", AlertLevel.Warning, AlertStates.Acknowledged, now.AddHours(-3), "tran.thi.b"),
        ]);
    }

    public async ValueTask DisposeAsync() => await _wall.DisposeAsync();

    private static AlertView View(string key, AlertLevel severity, string state, DateTimeOffset firedAt, string? by) => new(
        key, "system-down", "Hệ thống ngừng", "System down", "26740/one-door", severity, state, ["26740", "26743"],
        "Một cửa ngừng hoạt động", "One-door system down", firedAt, firedAt, by is null ? null : firedAt.AddMinutes(1), by,
        null, null, null, null, 7);

    [Fact]
    public async Task Tile_IsFreshByTheLastSuccessfulRead_AndStaleAfter15Seconds()
    {
        var feed = await ReadAsync();
        var freshness = _wall.Services.GetRequiredService<TileFreshness>();
        var tile = new OpsCenter.Wall.Layouts.TileLayout("alerts", 9, 2, 4, 4, "city");
        var read = feed.RefreshedAt!.Value;

        Assert.Equal(new TileAge(Freshness.Fresh, read), freshness.Of(tile, TileScopes.City, read.AddSeconds(10)));
        Assert.Equal(new TileAge(Freshness.Stale, read), freshness.Of(tile, TileScopes.City, read.AddSeconds(16)));
    }

    private async Task<AlertFeed> ReadAsync()
    {
        var feed = _wall.Services.GetRequiredService<AlertFeed>();
        await Eventually.TrueAsync(() => feed.Open is not null && feed.RefreshedAt is not null, because: "the Wall's first read of the alerts");
        return feed;
    }

    [Theory]
    [InlineData("", "Nghiêm trọng", "12 phút", "2 đơn vị", "Đã xác nhận: tran.thi.b", "Một cửa ngừng hoạt động")]
    [InlineData("?culture=en-US", "Critical", "12 min", "2 units", "Acknowledged by tran.thi.b", "One-door system down")]
    public async Task OpsWall_ShowsTheUnacknowledgedCount_AndTheNewestAlerts_InThePagesLanguage(
        string query, string severity, string age, string units, string acknowledged, string text)
    {
        await ReadAsync();
        var cookie = await _wall.SignInAsync("operator-1");
        using var client = _wall.Client();

        using var response = await WallApp.GetAsync(client, "/wall/ops" + query, cookie);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-testid=\"alerts-unacknowledged\"[^>]*>1<", html);
        Assert.Contains(severity, html, StringComparison.Ordinal);
        Assert.Contains(age, html, StringComparison.Ordinal);
        Assert.Contains(units, html, StringComparison.Ordinal);
        Assert.Contains(acknowledged, html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.Contains("data-alert=\"k1\"", html, StringComparison.Ordinal);
    }
}

/// <summary>A bad day: more alerts than the tile has lines, with long Vietnamese texts.</summary>
public sealed class AlertsTileManyTests : IAsyncLifetime
{
    private WallApp _wall = default!;

    public async ValueTask InitializeAsync()
    {
        _wall = await WallApp.StartAsync();
        var now = DateTimeOffset.UtcNow;
        _wall.Collector.OpenAlerts = new AlertList(22, now, 22, 22,
        [
            .. Enumerable.Range(1, 22).Select(i => new AlertView(
                $"k{i}", "system-down", "Hệ thống ngừng", "System down", $"cause-{i}", AlertLevel.Critical, AlertStates.Firing, ["26740"],
                "Hệ thống ngừng hoạt động 2 phút: hệ thống thông tin giải quyết thủ tục hành chính ngừng hoạt động tại 1 đơn vị",
                "System down for 2 minutes: system one-door down in 1 unit", now.AddMinutes(-i), now.AddMinutes(-i), null, null,
                null, null, null, null, i)),
        ]);
    }

    public async ValueTask DisposeAsync() => await _wall.DisposeAsync();

    [Theory]
    [InlineData("", "… và 20 cảnh báo khác")]
    [InlineData("?culture=en-US", "… and 20 more")]
    public async Task OpsWall_ShowsWhatTheTileHolds_SaysHowManyMore_AndNamesTheUnit(string query, string more)
    {
        var feed = _wall.Services.GetRequiredService<AlertFeed>();
        await Eventually.TrueAsync(() => feed.Open is not null, because: "the Wall's first read of the alerts");
        var cookie = await _wall.SignInAsync("operator-1");
        using var client = _wall.Client();

        using var response = await WallApp.GetAsync(client, "/wall/ops" + query, cookie);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // The ops wall's alerts tile is 4 rows high: the count, 2 two-line alerts and the "more" line.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "class=\"alert-line "));
        Assert.Contains(more, html, StringComparison.Ordinal);
        Assert.Contains("Sài Gòn", html, StringComparison.Ordinal);
    }
}
