using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>The dossier views of the wall: KPI strip, map by on-time rate, wards falling behind, 766 ranking, playlist.</summary>
public partial class KpiWallTests(CenterFixture center, BrowserFixture browser)
{
    // This month's dossiers, on any day of it (the map is coloured by the month's on-time rate).
    private static readonly TestClock.Timeline Time = new(TimeSpan.FromDays(3));
    private static readonly DateTimeOffset Now = Time.Now;

    private static DossierEventItem Dossier(string id, string unit, int status, DateTimeOffset at, DateTimeOffset appointment) => new()
    {
        DossierId = id, ProcedureCode = "1.001757", ProcedureName = "Cấp bản sao trích lục hộ tịch", Unit = unit,
        Channel = 2, Status = status, At = at, AppointmentAt = appointment, PaidOnline = true,
    };

    private async Task PostCityDataAsync()
    {
        // A ward with a late dossier still in processing, and one that processed a dossier on time.
        var dueLate = Time.Ago(TimeSpan.FromDays(1));
        using var dossiers = await center.PostAsync("dossiers", new[]
        {
            Dossier("G01.79.26740-E2E-0001", "26740", 2, Time.Ago(TimeSpan.FromDays(3)), dueLate),
            Dossier("G01.79.26740-E2E-0001", "26740", 4, Time.Ago(TimeSpan.FromDays(3) - TimeSpan.FromHours(1)), dueLate),
            Dossier("G01.79.26743-E2E-0002", "26743", 2, Time.Ago(TimeSpan.FromHours(5)), Now.AddDays(2)),
            Dossier("G01.79.26743-E2E-0002", "26743", 9, Time.Ago(TimeSpan.FromHours(2)), Now.AddDays(2)),
        });
        Assert.Equal(HttpStatusCode.OK, dossiers.StatusCode);
        // A ward that only sends daily counts, big enough for a thousands separator.
        using var backlog = await center.PostAsync("backlog", new[]
        {
            new BacklogSnapshotItem
            {
                Unit = "25750", Day = DateOnly.FromDateTime(Now.ToOffset(TimeSpan.FromHours(7)).DateTime), CarriedOver = 1200, Received = 34,
                InProgressLate = 7, InProgressNearlyDue = 10, InProgressNotDue = 1100, ProcessedOnTime = 110, ProcessedLate = 7,
                ProcessedNotCollected = 3, ApologyLetters = 2, ReceivedOnline = 20,
            },
        });
        Assert.Equal(HttpStatusCode.OK, backlog.StatusCode);
        using var scores = await center.PostAsync("index-scores", new[]
        {
            new IndexScoreItem { IndexSet = "qd766", Period = "2025-W47", Unit = "SNNMT", Indicator = "total", Value = 90.71m, Max = 100, PublishedAt = Now.AddDays(-1) },
            new IndexScoreItem { IndexSet = "qd766", Period = "2025-W47", Unit = "26740", Indicator = "total", Value = 85.16m, Max = 100, PublishedAt = Now.AddDays(-1) },
        });
        Assert.Equal(HttpStatusCode.OK, scores.StatusCode);
    }

    [Fact]
    public async Task KpiView_ShowsCityFiguresInVietnameseFormats()
    {
        await PostCityDataAsync();
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await page.GotoAsync(new Uri(center.GatewayUrl, "/wall/kpi").ToString());

        var toHandle = page.Locator("[data-kpi='to-handle'] .kpi-value");
        await Assertions.Expect(toHandle).ToHaveTextAsync(ThousandsVi(), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-kpi='on-time'] .kpi-value")).ToHaveTextAsync(PercentVi());
        await Assertions.Expect(page.Locator(".falling-behind li[data-unit='26740']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".ranking li[data-unit='SNNMT'] .list-value")).ToHaveTextAsync("90,71");
        await Assertions.Expect(page.Locator("[data-kpi='estimate-766'] .kpi-label")).ToContainTextAsync("ước tính");
        await Assertions.Expect(page.Locator("path[data-unit='26743']")).ToHaveClassAsync(new Regex("band-good"));
        await Assertions.Expect(page.Locator("path[data-unit='27112']")).ToHaveClassAsync(new Regex("state-nodata"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-kpi-1920x1080.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RotationView_ShowsItsViewsInTurn()
    {
        var page = await browser.NewWallPageAsync(center.GatewayUrl);
        await page.GotoAsync(new Uri(center.GatewayUrl, "/wall/rotation").ToString());
        var wall = page.Locator(".wall");
        await Assertions.Expect(wall).ToHaveAttributeAsync("data-showing", "kpi", new() { Timeout = 15_000 });

        await Assertions.Expect(wall).ToHaveAttributeAsync("data-showing", "ops", new() { Timeout = 40_000 });
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"^\d{1,3}(\.\d{3})+$")]
    private static partial Regex ThousandsVi();

    [GeneratedRegex(@"^\d{1,3},\d %$")]
    private static partial Regex PercentVi();
}
