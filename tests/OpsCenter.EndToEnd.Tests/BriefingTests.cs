using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>The chairman's briefing through the gateway in Chromium: drill-down, export, compare, print, scope, language.</summary>
public partial class BriefingTests(CenterFixture center, BrowserFixture browser)
{
    // Phường Cầu Ông Lãnh: a late dossier still in processing, one processed on time, health for two systems.
    internal const string Ward = "26758";
    private const string OtherWard = "26737";
    private const string LateDossier = "G01.79.26758-BRF-0001";
    // This month's dossiers on any day of it: the ranking, compare and print views show the month.
    private static readonly TestClock.Timeline Time = new(TimeSpan.FromDays(6));
    private static readonly DateTimeOffset Now = Time.Now;

    private static DossierEventItem Dossier(string id, string unit, int status, DateTimeOffset at, DateTimeOffset appointment) => new()
    {
        DossierId = id, ProcedureCode = "1.001193", ProcedureName = "Đăng ký khai sinh", Unit = unit,
        Channel = 1, Status = status, At = at, AppointmentAt = appointment,
    };

    private static readonly SemaphoreSlim Posted = new(1, 1);
    private static bool _posted;

    /// <summary>
    /// Dossiers once for the whole class (every test reads the same ward); health fresh for each test,
    /// because a sample goes stale after three expected intervals (3 min) and the class runs longer.
    /// </summary>
    private async Task PostWardDataAsync()
    {
        await Posted.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_posted)
            {
                await PostWardDataOnceAsync();
                _posted = true;
            }
        }
        finally
        {
            Posted.Release();
        }
        await PostHealthAsync();
    }

    private async Task PostWardDataOnceAsync()
    {
        using var dossiers = await center.PostAsync("dossiers", new[]
        {
            Dossier(LateDossier, Ward, 2, Time.Ago(TimeSpan.FromDays(6)), Time.Ago(TimeSpan.FromDays(2))),
            Dossier(LateDossier, Ward, 4, Time.Ago(TimeSpan.FromDays(6) - TimeSpan.FromHours(1)), Time.Ago(TimeSpan.FromDays(2))),
            Dossier("G01.79.26758-BRF-0002", Ward, 2, Time.Ago(TimeSpan.FromHours(6)), Now.AddDays(3)),
            Dossier("G01.79.26758-BRF-0002", Ward, 9, Time.Ago(TimeSpan.FromHours(3)), Now.AddDays(3)),
            Dossier("G01.79.26737-BRF-0003", OtherWard, 2, Time.Ago(TimeSpan.FromHours(6)), Now.AddDays(3)),
            Dossier("G01.79.26737-BRF-0003", OtherWard, 9, Time.Ago(TimeSpan.FromHours(2)), Now.AddDays(3)),
        });
        Assert.Equal(HttpStatusCode.OK, dossiers.StatusCode);
    }

    private async Task PostHealthAsync()
    {
        using var health = await center.PostHealthAsync(
        [
            CenterFixture.Sample(Ward, "one-stop", Domain.Health.HealthStatus.Up),
            CenterFixture.Sample(Ward, "civil-status", Domain.Health.HealthStatus.Down),
        ]);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Chairman_ClicksCityToWardToOldestLateDossier()
    {
        await PostWardDataAsync();
        var chairman = await People.CreateAsync(center, "chutich", "briefing");
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, chairman);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/briefing$"));
        await Assertions.Expect(page.GetByTestId("briefing-title")).ToContainTextAsync("Thành phố Hồ Chí Minh");

        // Click 1: the ward in the ranking grid.
        var wardLink = page.Locator($"[data-testid='unit-link'][data-code='{Ward}']");
        await Assertions.Expect(wardLink).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await wardLink.ClickAsync();
        await Assertions.Expect(page.GetByTestId("unit-title")).ToContainTextAsync("Cầu Ông Lãnh");
        await Assertions.Expect(page.Locator("[data-kpi='late'] .kpi-value")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid='health'] tr[data-system='civil-status']")).ToContainTextAsync("Ngừng");

        // Click 2: the oldest late dossier.
        await page.Locator($"[data-testid='late-row'][data-dossier='{LateDossier}'] [data-testid='dossier-link']").ClickAsync();
        await Assertions.Expect(page.GetByTestId("dossier-title")).ToContainTextAsync(LateDossier);
        await Assertions.Expect(page.GetByTestId("dossier-standing")).ToHaveTextAsync("Đang trễ hạn");
        await Assertions.Expect(page.Locator("[data-testid='dossier-step']")).ToHaveCountAsync(2);
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByTestId("unit-title")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("briefing-ward-1440x900.png"), FullPage = true });

        // On a tablet (portrait): the same page, nothing wider than the screen.
        await page.SetViewportSizeAsync(820, 1180);
        await Assertions.Expect(page.GetByTestId("unit-title")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= innerWidth + 1"), "the ward page scrolls sideways on a tablet");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("briefing-ward-tablet-820x1180.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RankingCsv_HasTheWardsFigures_AndTheLateDossiersCsvItsDossiers()
    {
        await PostWardDataAsync();
        var operatorName = await People.CreateAsync(center, "vanhanh", "operator");
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, operatorName);
        await Assertions.Expect(page.Locator($"[data-testid='unit-link'][data-code='{Ward}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        var late = await page.APIRequest.GetAsync(new Uri(center.GatewayUrl, $"/briefing/export/units/{Ward}/late-dossiers.csv").ToString());

        Assert.StartsWith("rank,code,name,on_time_rate,on_time,to_handle,late,backlog,index_766,availability_24h", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var wardLine = csv.Split("\r\n").Single(l => l.Contains($",{Ward},", StringComparison.Ordinal));
        Assert.Contains(",Cầu Ông Lãnh,", wardLine, StringComparison.Ordinal);
        Assert.Matches(@",0\.5000,1,2,1,", wardLine);
        Assert.Equal(200, late.Status);
        Assert.Contains(LateDossier, await late.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Compare_ShowsTwoWardsSideBySide()
    {
        await PostWardDataAsync();
        var chairman = await People.CreateAsync(center, "sosanh", "briefing");
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, chairman, returnUrl: $"/briefing/compare?a={Ward}&b={OtherWard}&period=month");

        await Assertions.Expect(page.GetByTestId("compare-a-name")).ToHaveTextAsync("Cầu Ông Lãnh", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("compare-b-name")).ToHaveTextAsync("Tân Định");
        var onTime = page.Locator("[data-testid='compare-table'] tr[data-kpi='onTimeRate'] td");
        await Assertions.Expect(onTime.Nth(0)).ToHaveTextAsync("50,0 %");
        await Assertions.Expect(onTime.Nth(1)).ToHaveTextAsync("100,0 %");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PrintView_PrintedToPdf_HasTheWardsFigures()
    {
        await PostWardDataAsync();
        var chairman = await People.CreateAsync(center, "inbaocao", "briefing");
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, chairman);
        await page.GotoAsync(new Uri(center.GatewayUrl, $"/briefing/unit/{Ward}/print?period=month").ToString());
        await Assertions.Expect(page.GetByTestId("print-view")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        var pdf = RepositoryPaths.Screenshot("briefing-print.pdf");
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", PrintBackground = true });
        var text = await People.PdfTextAsync(pdf);
        foreach (var old in Directory.GetFiles(Path.GetDirectoryName(pdf)!, "briefing-print-*.png"))
        {
            File.Delete(old);
        }
        await People.PdfToPngAsync(pdf, RepositoryPaths.Screenshot("briefing-print"));
        File.Delete(pdf);

        Assert.Contains("Báo cáo giao ban", text, StringComparison.Ordinal);
        Assert.Contains("Cầu Ông Lãnh", text, StringComparison.Ordinal);
        Assert.Contains("Số liệu tính đến", text, StringComparison.Ordinal);
        Assert.Contains(LateDossier, text, StringComparison.Ordinal);
        Assert.Contains("50,0 %", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Đăng xuất", text, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DepartmentPerson_SeesOwnUnitOnly_WhateverTheUrl()
    {
        await PostWardDataAsync();
        var ward = await People.CreateAsync(center, "phuong", "department", Ward);
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, ward);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/briefing/unit/{Ward}$"));

        await page.GotoAsync(new Uri(center.GatewayUrl, $"/briefing/unit/{OtherWard}").ToString());
        await Assertions.Expect(page.GetByTestId("denied")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(center.GatewayUrl, "/briefing").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/briefing/unit/{Ward}$"));
        await page.GotoAsync(new Uri(center.GatewayUrl, "/wall/city").ToString());
        await Assertions.Expect(page.GetByTestId("denied")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(center.GatewayUrl, $"/briefing/unit/{OtherWard}/print").ToString());
        await Assertions.Expect(page.GetByTestId("print-view")).ToHaveCountAsync(0);
        var otherCsv = await page.APIRequest.GetAsync(new Uri(center.GatewayUrl, $"/briefing/export/units/{OtherWard}/late-dossiers.csv").ToString(),
            new() { MaxRedirects = 0 });
        var rankingCsv = await page.APIRequest.GetAsync(new Uri(center.GatewayUrl, "/briefing/export/rankings.csv").ToString(), new() { MaxRedirects = 0 });
        var ownCsv = await page.APIRequest.GetAsync(new Uri(center.GatewayUrl, $"/briefing/export/units/{Ward}/late-dossiers.csv").ToString());

        Assert.Equal(403, otherCsv.Status);
        Assert.NotEqual(200, rankingCsv.Status);
        Assert.DoesNotContain("rank,code", await rankingCsv.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(200, ownCsv.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WrongPasswordAndWaitingSayTheSame_AndSignOut()
    {
        const string Refused = "Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng";
        var person = await People.CreateAsync(center, "khoa", "operator");
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, person, "sai-mat-khau-0");
        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync(Refused);
        for (var i = 1; i < 7; i++)
        {
            await People.SignInAsync(page, center.GatewayUrl, person, "sai-mat-khau-" + i);
        }
        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync(Refused);

        var other = await People.CreateAsync(center, "dangxuat", "operator");
        await People.SignInAsync(page, center.GatewayUrl, other);
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(center.GatewayUrl, "/briefing").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl="));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LanguageSwitch_TurnsTheBriefingEnglish_AndBack()
    {
        var person = await People.CreateAsync(center, "ngonngu", "briefing");
        var page = await browser.NewPageAsync();
        await People.SignInAsync(page, center.GatewayUrl, person);
        await Assertions.Expect(page.GetByTestId("briefing-title")).ToHaveTextAsync("Giao ban: Thành phố Hồ Chí Minh");

        await People.WaitInteractiveAsync(page);
        await page.GetByTestId("lang-en").ClickAsync();
        await Assertions.Expect(page.GetByTestId("briefing-title")).ToHaveTextAsync("Briefing: Ho Chi Minh City");
        await page.GetByTestId("lang-vi").ClickAsync();
        await Assertions.Expect(page.GetByTestId("briefing-title")).ToHaveTextAsync("Giao ban: Thành phố Hồ Chí Minh");
        await page.Context.CloseAsync();
    }
}
