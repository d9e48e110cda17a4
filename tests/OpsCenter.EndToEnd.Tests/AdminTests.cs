using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>Administration through the Wall's pages in Chromium, through the gateway: source keys and wall screens.</summary>
public class AdminTests(CenterFixture center, BrowserFixture browser)
{
    // Phường Tân Khánh: its polled source is refused (a private address), which the collector records as down.
    internal const string PolledWard = "25891";

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await browser.NewPageAsync(1440, 900);
        await People.SignInAsync(page, center.GatewayUrl, "admin", RunningCenter.AdminPassword, "/admin");
        await Assertions.Expect(page.GetByTestId("admin-home")).ToBeVisibleAsync();
        return page;
    }

    private async Task<HttpStatusCode> PostHealthWithKeyAsync(string key)
    {
        using var client = center.CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/v1/health")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new IngestBatch<HealthSample> { Items = [CenterFixture.Sample("26737", "personnel", Domain.Health.HealthStatus.Up)] },
                options: Contracts.WireJson.Options),
        };
        request.Headers.Add(IngestHeaders.ApiKey, key);
        request.Headers.Add(IngestHeaders.IdempotencyKey, Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task SourceKey_CreatedInThePage_PostsData_RevokedInThePage_IsRefused()
    {
        var page = await SignedInAdminAsync();
        await People.OpenAsync(page, center.GatewayUrl, "/admin/sources");
        var id = $"tan-dinh-{Guid.NewGuid():N}"[..17];
        await page.GetByTestId("source-id").FillAsync(id);
        await page.GetByTestId("source-name").FillAsync("Cán bộ công chức Phường Tân Định");
        await page.GetByTestId("source-units").FillAsync("26737");
        await page.GetByTestId("source-kinds").FillAsync("health");
        await page.GetByTestId("source-interval").FillAsync("300");
        await page.GetByTestId("source-save").ClickAsync();
        var row = page.Locator($"tr[data-source='{id}']");
        await Assertions.Expect(row).ToBeVisibleAsync();

        await row.GetByTestId("key-issue").ClickAsync();
        var key = (await page.GetByTestId("issued-key-value").TextContentAsync())!.Trim();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("admin-sources-1440x900.png") });
        Assert.Equal(HttpStatusCode.OK, await PostHealthWithKeyAsync(key));

        await row.GetByTestId("key-revoke").ClickAsync();
        await Assertions.Expect(page.GetByTestId("admin-message")).ToContainTextAsync("Đã thu hồi khoá");
        await page.ReloadAsync();
        await People.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("issued-key-value")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await PostHealthWithKeyAsync(key));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PolledSource_EditedInThePage_KeepsItsHealthUrl()
    {
        var id = $"poll-{Guid.NewGuid():N}"[..14];
        using (var api = center.CreateGatewayClient())
        {
            api.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
            using var put = await api.PutAsJsonAsync($"/api/admin/v1/sources/{id}", new
            {
                name = "Hộ tịch Phường Tân Khánh", units = new[] { PolledWard }, kinds = new[] { "health" }, expectedIntervalSeconds = 300,
                healthUrl = "http://10.20.0.5/health", healthSystem = "civil-status",
            }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        var page = await SignedInAdminAsync();
        await People.OpenAsync(page, center.GatewayUrl, "/admin/sources");

        await page.Locator($"tr[data-source='{id}']").GetByTestId("source-edit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("source-health-url")).ToHaveValueAsync("http://10.20.0.5/health");
        await page.GetByTestId("source-name").FillAsync("Hộ tịch Phường Tân Khánh (mới)");
        await page.GetByTestId("source-save").ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-source='{id}']")).ToContainTextAsync("(mới)");

        using var check = center.CreateGatewayClient();
        check.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
        var saved = await check.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/v1/sources/{id}", TestContext.Current.CancellationToken);
        Assert.Equal("http://10.20.0.5/health", saved.GetProperty("healthUrl").GetString());
        Assert.Equal("civil-status", saved.GetProperty("healthSystem").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task NewScreen_ShowsACode_AdminApproves_ItOpensItsView_MovedAndRevokedRemotely()
    {
        // A screen nobody set up: it shows a pairing code, nothing to click.
        var screen = await browser.NewPageAsync();
        await screen.GotoAsync(center.GatewayUrl.ToString());
        await Assertions.Expect(screen).ToHaveURLAsync(new Regex("/pair\\?returnUrl="));
        var code = (await screen.GetByTestId("pair-code").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal);
        Assert.Equal(6, code.Length);
        await screen.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("wall-pairing-1920x1080.png") });

        var admin = await SignedInAdminAsync();
        await People.OpenAsync(admin, center.GatewayUrl, "/admin/devices");
        await admin.GetByTestId("approve-code").FillAsync(code.ToLowerInvariant());
        await admin.GetByTestId("approve-name").FillAsync("Tường phòng điều hành 1");
        await admin.GetByTestId("approve-view").SelectOptionAsync("map");
        await admin.GetByTestId("approve-submit").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("admin-message")).ToContainTextAsync("Tường phòng điều hành 1");

        // The pairing page refreshes itself every 5 s and then opens the view it was given.
        await Assertions.Expect(screen.Locator(".wall")).ToHaveAttributeAsync("data-view", "map", new() { Timeout = 30_000 });

        var row = admin.Locator("tr[data-status='active']").Filter(new() { HasText = "Tường phòng điều hành 1" });
        await row.GetByTestId("device-view").SelectOptionAsync("ops");
        await Assertions.Expect(screen.Locator(".wall")).ToHaveAttributeAsync("data-view", "ops", new() { Timeout = 45_000 });

        await row.GetByTestId("device-revoke").ClickAsync();
        await Assertions.Expect(screen.GetByTestId("pair-revoked")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Assertions.Expect(screen.GetByTestId("pair-code")).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("admin-devices-1440x900.png") });
        await screen.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }
}
