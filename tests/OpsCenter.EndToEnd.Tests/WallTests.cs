using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>The wall, opened in Chromium through the gateway, as an operator's screen would.</summary>
public class WallTests(CenterFixture center, BrowserFixture browser)
{
    /// <summary>Phường Bến Thành: one system down must show as exactly one, so the whole-city test leaves it alone.</summary>
    internal const string LiveTileWard = "26743";

    private static readonly UnitCatalog Units = UnitCatalog.LoadHcmc();

    private async Task<IPage> OpenWallAsync()
    {
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await page.GotoAsync(center.GatewayUrl.ToString());
        // Interactive once the circuit is up and the live mirror has its snapshot.
        await page.Locator(".unit-tile").First.WaitForAsync();
        return page;
    }

    [Fact]
    public async Task Wall_ThroughGateway_ShowsAll168UnitsWithRealNames()
    {
        var page = await OpenWallAsync();

        Assert.Equal(168, await page.Locator(".unit-tile").CountAsync());
        Assert.Equal("Sài Gòn", await page.Locator("[data-unit='26740'] .unit-name").InnerTextAsync());
        Assert.Equal("Côn Đảo", await page.Locator("[data-unit='26732'] .unit-name").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Wall_AfterSampleIsPosted_TileChangesLive()
    {
        var page = await OpenWallAsync();
        var tile = page.Locator($"[data-unit='{LiveTileWard}']");

        using var post = await center.PostHealthAsync([CenterFixture.Sample(LiveTileWard, "one-stop", HealthStatus.Down)]);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 20_000 });
        await Assertions.Expect(tile.Locator(".unit-count.state-down")).ToHaveTextAsync("1");

        using var recover = await center.PostHealthAsync([CenterFixture.Sample(LiveTileWard, "one-stop", HealthStatus.Up)]);
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "Up", new() { Timeout = 20_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Wall_WholeCityReporting_ScreenshotAt1920x1080()
    {
        // A believable moment: every system of every ward reports, a few are in trouble.
        // Every ward but those other tests own (the tile tests must see "no data" first, and so on).
        var wards = Units.ChildrenOf(Units.City.Code).Where(w => !OwnedWards.All.Contains(w.Code));
        var samples = wards.SelectMany((w, i) => SystemCatalog.Standard.Select((s, j) =>
            CenterFixture.Sample(w.Code, s.Code, (i * 7 + j) % 97 == 0 ? HealthStatus.Down : (i * 5 + j) % 61 == 0 ? HealthStatus.Degraded : HealthStatus.Up)))
            .ToList();
        foreach (var chunk in samples.Chunk(500))
        {
            using var post = await center.PostHealthAsync(chunk);
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var page = await OpenWallAsync();
        await Assertions.Expect(page.Locator("[data-testid='reporting']")).ToContainTextAsync(OwnedWards.ReportingOf168, new() { Timeout = 20_000 });
        Assert.InRange(await page.Locator(".unit-tile.state-nodata").CountAsync(), 0, OwnedWards.All.Count);

        var clipped = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.unit-name')].filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)");
        Assert.Empty(clipped);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-city-1920x1080.png") });
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("Hồ Chí Minh"));
        await page.Context.CloseAsync();

        // The same wall on a 4K screen: everything scales with the viewport, nothing falls off it.
        var uhd = await browser.NewWallPageAsync(center.GatewayUrl, 3840, 2160);
        await uhd.GotoAsync(center.GatewayUrl.ToString());
        await Assertions.Expect(uhd.Locator("[data-testid='reporting']")).ToContainTextAsync(OwnedWards.ReportingOf168, new() { Timeout = 20_000 });
        var offScreen = await uhd.EvaluateAsync<int>(
            "() => [...document.querySelectorAll('.unit-tile')].filter(e => { const r = e.getBoundingClientRect(); return r.bottom > innerHeight || r.right > innerWidth; }).length");
        Assert.Equal(0, offScreen);
        var clippedNames = await uhd.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.unit-name')].filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)");
        Assert.Empty(clippedNames);
        await uhd.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-city-3840x2160.png") });
        await uhd.Context.CloseAsync();
    }

    [Fact]
    public async Task Wall_InEnglish_WhenAsked()
    {
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await page.GotoAsync(new Uri(center.GatewayUrl, "/?culture=en-US").ToString());
        await page.Locator(".unit-tile").First.WaitForAsync();

        // The title is empty for a moment while the circuit takes the page over: wait for it, do not read it once.
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("Ho Chi Minh City"));
        await Assertions.Expect(page.Locator("[data-testid='reporting']")).ToContainTextAsync("units reporting");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MapView_Has168ShapesWithCodes_UnderThePayloadBudget()
    {
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await page.GotoAsync(new Uri(center.GatewayUrl, "/wall/map").ToString());
        var shapes = page.Locator("svg path.map-unit");
        await Assertions.Expect(shapes).ToHaveCountAsync(168);

        var codes = await shapes.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.unit)");
        Assert.Equal(Units.CommuneLevel.Select(u => u.Code).Order(), codes.Order());
        var svgBytes = await page.EvaluateAsync<int>("() => new Blob([document.querySelector('.map-tile svg').outerHTML]).size");
        Assert.True(svgBytes < 300_000, $"the map is {svgBytes} bytes");

        using var post = await center.PostHealthAsync([CenterFixture.Sample("26737", "civil-status", HealthStatus.Down)]);
        await Assertions.Expect(page.Locator("path[data-unit='26737']")).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-map-1920x1080.png") });
        await page.Context.CloseAsync();
    }

    // An unknown view's text: in-process, WallPageTests.AnUnknownView_SaysSo_InsteadOfFailing.
}
