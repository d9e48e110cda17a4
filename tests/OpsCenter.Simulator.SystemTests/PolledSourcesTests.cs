using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OpsCenter.Contracts;
using OpsCenter.Domain.Units;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>
/// The default run's polled systems: the collector reaches the simulator's health endpoints on
/// loopback because the AppHost allow-lists exactly the simulator's host and port, and a source
/// pointing at a private address is refused, with the reason on Admin › Sources.
/// </summary>
public class PolledSourcesTests(LiveCityFixture city, BrowserFixture browser)
{
    private static readonly string[] Polled = ["pull-26740-civil-status", "pull-27112-civil-status", "pull-25747-civil-status"];

    private HttpClient CreateAdmin()
    {
        var client = new HttpClient { BaseAddress = city.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
        return client;
    }

    private static async Task<JsonElement?> LastPollAsync(HttpClient admin, string source)
    {
        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/v1/sources/{source}", WireJson.Options, TestContext.Current.CancellationToken);
        return view.TryGetProperty("lastPoll", out var poll) ? poll : null;
    }

    [Fact]
    public async Task DefaultRun_PolledSystems_AreReached_AndAPrivateTargetIsRefusedOnAdminSources()
    {
        using var admin = CreateAdmin();
        // A source of a ward outside the city (the center loads the national list), checked once a week.
        var ward = UnitCatalog.LoadNational().ChildrenOf("01")[1].Code;
        using var put = await admin.PutAsJsonAsync("/api/admin/v1/sources/probe-private-target",
            new { name = "Thăm dò địa chỉ nội bộ", units = new[] { ward }, kinds = new[] { "health" }, expectedIntervalSeconds = 7 * 86400,
                healthUrl = "http://10.0.0.5/health", healthSystem = "civil-status" },
            WireJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        foreach (var source in Polled)
        {
            // Polled every 15 s: a check may time out while the simulator backfills history at full tilt
            // (CI saw "timeout after 5 s" once); a refused target, though, is refused at every check.
            var poll = await Eventually.MatchAsync(() => LastPollAsync(admin, source),
                p => p is { } last && (last.TryGetProperty("latencyMs", out _) || last.TryGetProperty("refused", out _)), TimeSpan.FromSeconds(90), poll: LiveCityFixture.Poll);
            Assert.True(poll is not null, $"{source} was not polled within 90 s");
            Assert.False(poll.Value.TryGetProperty("refused", out _), $"{source}: {poll}");
            Assert.True(poll.Value.TryGetProperty("latencyMs", out _), $"{source} was not reached within 90 s: {poll}");
        }
        var refused = await Eventually.MatchAsync(() => LastPollAsync(admin, "probe-private-target"), p => p is not null, TimeSpan.FromSeconds(60), poll: LiveCityFixture.Poll);
        Assert.True(refused is not null, "the private target was not checked within 60 s");
        Assert.Equal("private", refused.Value.GetProperty("refused").GetProperty("range").GetString());

        var page = await browser.NewPageAsync(1440, 900);
        await page.GotoAsync(new Uri(city.GatewayUrl, "/signin?returnUrl=" + Uri.EscapeDataString("/admin/sources")).ToString());
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", RunningCenter.AdminPassword);
        await page.ClickAsync("[data-testid='signin-submit']");
        await Assertions.Expect(page.Locator("tr[data-source='probe-private-target'] [data-testid='poll-reason']"))
            .ToHaveTextAsync("Từ chối kết nối: 10.0.0.5 là địa chỉ mạng nội bộ; thêm vào Collector:Pull:AllowedTargets nếu được phép gọi", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator($"tr[data-source='{Polled[0]}'] [data-testid='source-poll'] .state-chip")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
