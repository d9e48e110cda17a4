using System.Net;
using Microsoft.Playwright;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using static OpsCenter.EndToEnd.Tests.TileLayouts;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// Every tile kind, rendered from a layout file scoped to one ward, shows missing data as missing,
/// then changes when events are posted to ingest and shows them as fresh; old data shows as stale.
/// (Stale because the live link is down, for every kind: <see cref="RecoveryTests"/>.)
/// The alerts tile lists the city's open alerts, read by the Wall every 2 s: it is fresh from the
/// Wall's first read, so "missing" there means no alert of the ward yet; the ward's alert appears
/// after its system goes down (a rule of its own, hold 0).
/// </summary>
public class TileKindsTests(CenterFixture center, BrowserFixture browser)
{
    // Phường Đức Nhuận and Phường Cầu Kiệu: no other test posts for them (the whole-city test leaves them out).
    internal const string FreshWard = "27043";
    internal const string StaleWard = "27058";

    private const string AlertRuleId = "e2e-tiles-civil-status";

    private static readonly string[] LiveKinds = ["health-summary", "unit-grid", "health-matrix", "map", "kpi-strip", "falling-behind", "ranking-766"];

    [Fact]
    public async Task EveryTileKind_MissingFirst_ThenChangesAfterIngest_AndShowsFresh()
    {
        await AlertRules.EnsureSystemDownAsync(center, AlertRuleId, FreshWard, "civil-status",
            "Hộ tịch phường Đức Nhuận ngừng (thử nghiệm ô)", "Duc Nhuan civil status down (tile probe)");
        var view = await WriteAllKindsAsync(center, $"unit:{FreshWard}");
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await OpenAsync(page, center.GatewayUrl, view);
        Assert.DoesNotContain(await AlertRules.OpenAsync(center), a => a.RuleId == AlertRuleId);
        await Assertions.Expect(page.Locator("section[data-kind='alerts'] li.alert-line", new() { HasText = "Hộ tịch phường Đức Nhuận" })).ToHaveCountAsync(0);

        foreach (var kind in LiveKinds)
        {
            await ExpectFreshnessAsync(page, kind, "missing");
        }
        await Assertions.Expect(Frame(page, "kpi-strip").Locator("[data-kpi='late'] .kpi-value")).ToHaveTextAsync("—");
        await Assertions.Expect(page.Locator($"section[data-kind='unit-grid'] [data-unit='{FreshWard}']")).ToHaveAttributeAsync("data-state", "NoData");
        await Assertions.Expect(page.Locator("section[data-kind='map'] path[data-unit='26740']")).ToHaveAttributeAsync("data-state", "OutOfScope");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-tiles-missing-1920x1080.png") });

        var now = TestClock.UtcNow;
        using (var health = await center.PostHealthAsync(
            [CenterFixture.Sample(FreshWard, "one-stop", HealthStatus.Up), CenterFixture.Sample(FreshWard, "civil-status", HealthStatus.Down)]))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        using (var dossiers = await center.PostAsync("dossiers", new[]
        {
            Dossier("G01.79.27043-TILE-0001", FreshWard, 2, now.AddDays(-5), now.AddDays(-1)),
            Dossier("G01.79.27043-TILE-0001", FreshWard, 4, now.AddDays(-5).AddHours(2), now.AddDays(-1)),
            Dossier("G01.79.27043-TILE-0002", FreshWard, 2, now.AddHours(-4), now.AddDays(2)),
            Dossier("G01.79.27043-TILE-0002", FreshWard, 9, now.AddMinutes(-30), now.AddDays(2)),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, dossiers.StatusCode);
        }
        using (var scores = await center.PostAsync("index-scores", new[]
        {
            new IndexScoreItem { IndexSet = "qd766", Period = "2025-W47", Unit = FreshWard, Indicator = "total", Value = 77.5m, Max = 100, PublishedAt = now.AddHours(-2) },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, scores.StatusCode);
        }
        using (var incidents = await center.PostAsync("incidents", new[]
        {
            new IncidentItem
            {
                IncidentId = "INC-27043-TILE", Unit = FreshWard, Kind = "flood", Severity = 3, Status = "open", At = now.AddMinutes(-5),
                Title = "Ngập đường Phan Xích Long", Measurements = new() { ["rainfallMm"] = 95, ["floodDepthCm"] = 40 },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, incidents.StatusCode);
        }

        await Assertions.Expect(page.Locator($"section[data-kind='unit-grid'] [data-unit='{FreshWard}']")).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("section[data-kind='health-summary'] [data-state='Down'] .summary-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator($"section[data-kind='health-matrix'] tr[data-unit='{FreshWard}'] td[data-system='civil-status']")).ToHaveAttributeAsync("data-state", "Down");
        await Assertions.Expect(page.Locator($"section[data-kind='map'] path[data-unit='{FreshWard}']")).ToHaveAttributeAsync("data-state", "Down");
        await Assertions.Expect(page.Locator("section[data-kind='kpi-strip'] [data-kpi='late'] .kpi-value")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"section[data-kind='falling-behind'] li[data-unit='{FreshWard}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"section[data-kind='ranking-766'] li[data-unit='{FreshWard}'] .list-value")).ToHaveTextAsync("77,50");
        await Assertions.Expect(page.Locator($"section[data-kind='changes'] li[data-unit='{FreshWard}']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section[data-kind='incidents'] li[data-incident='INC-27043-TILE']")).ToContainTextAsync("Ngập đường", new() { Timeout = 40_000 });
        await Assertions.Expect(page.Locator("section[data-kind='late-ticker'] .ticker-item[data-dossier='G01.79.27043-TILE-0001']").First).ToBeAttachedAsync(new() { Timeout = 40_000 });
        var alert = await AlertRules.UntilOpenAsync(center, a => a.RuleId == AlertRuleId, "alert of the ward's civil status");
        await Assertions.Expect(page.Locator($"section[data-kind='alerts'] li[data-alert='{alert.Key}']")).ToContainTextAsync("Hộ tịch phường Đức Nhuận ngừng (thử nghiệm ô)", new() { Timeout = 30_000 });
        var time = await page.GetByTestId("clock-time").TextContentAsync();
        await Assertions.Expect(page.GetByTestId("clock-time")).Not.ToHaveTextAsync(time!, new() { Timeout = 5_000 });
        foreach (var kind in Kinds)
        {
            await ExpectFreshnessAsync(page, kind, "fresh");
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-tiles-fresh-1920x1080.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryLiveTileKind_ShowsOldDataAsStale()
    {
        var view = await WriteAllKindsAsync(center, $"unit:{StaleWard}");
        var old = TestClock.UtcNow.AddHours(-3);
        using (var health = await center.PostHealthAsync(
            [new HealthSample { Unit = StaleWard, System = "one-stop", Status = HealthStatus.Up, LatencyMs = 90, CheckedAt = old }]))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        using (var dossiers = await center.PostAsync("dossiers", new[]
        {
            Dossier("G01.79.27058-TILE-0001", StaleWard, 2, old.AddDays(-3), old.AddDays(-1)),
            Dossier("G01.79.27058-TILE-0001", StaleWard, 4, old.AddDays(-3).AddHours(1), old.AddDays(-1)),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, dossiers.StatusCode);
        }
        using (var scores = await center.PostAsync("index-scores", new[]
        {
            new IndexScoreItem { IndexSet = "qd766", Period = "2025-W44", Unit = StaleWard, Indicator = "total", Value = 81.2m, Max = 100, PublishedAt = old.AddDays(-20) },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, scores.StatusCode);
        }

        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await OpenAsync(page, center.GatewayUrl, view);
        foreach (var kind in LiveKinds)
        {
            await ExpectFreshnessAsync(page, kind, "stale");
            await Assertions.Expect(Frame(page, kind).Locator(".tile-stale-badge")).ToBeVisibleAsync();
        }
        // Old is not healthy: the ward's own tile says its data is old too.
        await Assertions.Expect(page.Locator($"section[data-kind='unit-grid'] [data-unit='{StaleWard}']")).Not.ToHaveAttributeAsync("data-state", "Up");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-tiles-stale-1920x1080.png") });
        await page.Context.CloseAsync();
    }
}
