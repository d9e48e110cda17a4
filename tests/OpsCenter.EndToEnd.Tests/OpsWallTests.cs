using System.Net;
using Microsoft.Playwright;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>The operations view: health matrix, what changed, incidents and the late-dossier ticker.</summary>
public class OpsWallTests(CenterFixture center, BrowserFixture browser)
{
    /// <summary>Phường Thới An: a system going down must be news here, so nobody else may have put it down first.</summary>
    internal const string Ward = "26773";

    [Fact]
    public async Task OpsView_ShowsMatrixChangesIncidentsAndLateTicker()
    {
        var now = TestClock.UtcNow;
        using var flood = await center.PostAsync("incidents", new[]
        {
            new IncidentItem
            {
                IncidentId = "E2E-FLOOD-1", Unit = "26737", Kind = "flood", Severity = 3, Status = "open", At = now.AddMinutes(-10),
                Title = "Ngập đường Hai Bà Trưng", Measurements = new() { ["rainfallMm"] = 95, ["householdsEvacuated"] = 14 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, flood.StatusCode);
        using var late = await center.PostAsync("dossiers", new[]
        {
            new DossierEventItem
            {
                DossierId = "G01.79.26782-E2E-LATE", ProcedureCode = "1.001757", ProcedureName = "Đăng ký khai sinh", Unit = "26782",
                Channel = 1, Status = 2, At = now.AddDays(-6), AppointmentAt = now.AddDays(-4),
            },
        });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);

        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await page.GotoAsync(new Uri(center.GatewayUrl, "/wall/ops").ToString());
        await Assertions.Expect(page.Locator(".matrix tr[data-unit]")).ToHaveCountAsync(168);

        using var down = await center.PostHealthAsync([CenterFixture.Sample(Ward, "accounting", HealthStatus.Down)]);
        await Assertions.Expect(page.Locator($"tr[data-unit='{Ward}'] td[data-system='accounting']")).ToHaveAttributeAsync("data-state", "Down", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator($".changes li[data-unit='{Ward}'][data-kind='system.down']").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator(".incidents li[data-incident='E2E-FLOOD-1']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".ticker-item[data-dossier='G01.79.26782-E2E-LATE']").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-ops-1920x1080.png") });
        await page.Context.CloseAsync();
    }
}
