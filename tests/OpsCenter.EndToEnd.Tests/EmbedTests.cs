using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OpsCenter.Domain.Health;

namespace OpsCenter.EndToEnd.Tests;

/// <summary>
/// Widgets on a department's own portal (another origin, a strict CSP, nothing inline): the
/// script element and the iframe update live, stop with a clear message when their token is
/// revoked; a token reads its own unit only; a page of an origin not allowed is refused.
/// </summary>
public class EmbedTests(CenterFixture center, BrowserFixture browser)
{
    // Phường Trung Mỹ Tây: no other test posts for it.
    internal const string Ward = "26785";
    private const string OtherWard = "26740";

    private async Task<(string Id, string Token)> IssueAsync(string origin)
    {
        using var client = center.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
        using var response = await client.PostAsJsonAsync("/api/admin/v1/embed-tokens",
            new { unit = Ward, label = "Cổng thông tin phường", kinds = new[] { "card", "badge", "json" }, origins = new[] { origin } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (issued.GetProperty("record").GetProperty("id").GetString()!, issued.GetProperty("token").GetString()!);
    }

    private async Task RevokeAsync(string id)
    {
        using var client = center.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", RunningCenter.AdminKey);
        using var response = await client.PostAsync($"/api/admin/v1/embed-tokens/{id}/revoke", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<(string Script, string Integrity)> ManifestAsync()
    {
        using var client = center.CreateGatewayClient();
        var manifest = await client.GetFromJsonAsync<JsonElement>("/embed/v1/manifest.json", TestContext.Current.CancellationToken);
        return (manifest.GetProperty("script").GetString()!, manifest.GetProperty("integrity").GetString()!);
    }

    private async Task PostAsync(HealthStatus oneStop)
    {
        using var response = await center.PostHealthAsync(
            [CenterFixture.Sample(Ward, "one-stop", oneStop), CenterFixture.Sample(Ward, "civil-status", HealthStatus.Up)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ScriptAndIframe_OnAStrictCspPortal_UpdateWithinTwoSeconds_AndStopWhenRevoked()
    {
        await using var host = await HostPages.StartAsync();
        var (id, token) = await IssueAsync(host.Origin.GetLeftPart(UriPartial.Authority));
        var (script, integrity) = await ManifestAsync();
        await PostAsync(HealthStatus.Up);
        var portal = host.AddPortal("portal", center.GatewayUrl, script, integrity, Ward, token);

        var page = await browser.NewPageAsync(1280, 900);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("integrity", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await page.GotoAsync(portal.ToString());
        var widget = page.Locator("opscenter-status#widget");
        var framed = page.FrameLocator("#frame").Locator("opscenter-status");
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Assertions.Expect(framed).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await Assertions.Expect(widget.Locator("h2")).ToHaveTextAsync("Trung Mỹ Tây");
        await Assertions.Expect(widget.Locator("li[data-system='one-stop']")).ToHaveAttributeAsync("data-state", "up");

        var posted = Stopwatch.StartNew();
        await PostAsync(HealthStatus.Down);
        await Assertions.Expect(widget.Locator("li[data-system='one-stop']")).ToHaveAttributeAsync("data-state", "down", new() { Timeout = 2_000 });
        var scriptLatency = posted.Elapsed;
        await Assertions.Expect(framed.Locator("li[data-system='one-stop']")).ToHaveAttributeAsync("data-state", "down", new() { Timeout = 2_000 });
        var frameLatency = posted.Elapsed;
        TestContext.Current.SendDiagnosticMessage($"widget updated {scriptLatency.TotalMilliseconds:0} ms, iframe {frameLatency.TotalMilliseconds:0} ms after the ingest answer");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = RepositoryPaths.Screenshot("embed-portal-1280x900.png") });
        Assert.Empty(violations);

        // A quiet widget too: the open streams' tokens are re-checked every 3 s (answers kept 3 s), so within ~6 s.
        var revoked = Stopwatch.StartNew();
        await RevokeAsync(id);
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "refused", new() { Timeout = 15_000 });
        await Assertions.Expect(widget.Locator("[role='alert']")).ToContainTextAsync("Mã nhúng đã bị thu hồi");
        await Assertions.Expect(framed).ToHaveAttributeAsync("data-state", "refused", new() { Timeout = 15_000 });
        TestContext.Current.SendDiagnosticMessage($"both widgets refused {revoked.Elapsed.TotalMilliseconds:0} ms after the revocation");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Token_ReadsItsOwnUnitOnly_AndAPortalOfAnotherOriginIsRefused()
    {
        await using var allowed = await HostPages.StartAsync();
        await using var foreign = await HostPages.StartAsync();
        var (_, token) = await IssueAsync(allowed.Origin.GetLeftPart(UriPartial.Authority));
        var (script, integrity) = await ManifestAsync();
        await PostAsync(HealthStatus.Up);

        using var client = center.CreateGatewayClient();
        // The aggregator applies the sample a moment after the collector acknowledged it.
        await Eventually.MatchAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/embed/v1/units/{Ward}/status.json?token={token}", TestContext.Current.CancellationToken),
            status => status.GetProperty("state").GetString() == "up", because: $"unit {Ward} up through the embed API");
        using var own = await client.GetAsync($"/embed/v1/units/{Ward}/status.json?token={token}", TestContext.Current.CancellationToken);
        using var other = await client.GetAsync($"/embed/v1/units/{OtherWard}/status.json?token={token}", TestContext.Current.CancellationToken);
        using var otherBadge = await client.GetAsync($"/embed/v1/units/{OtherWard}/badge.svg?token={token}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("26785", await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherBadge.StatusCode);

        // Cacheable: the same status again is a 304 for its ETag.
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/embed/v1/units/{Ward}/status.json?token={token}");
        again.Headers.IfNoneMatch.Add(own.Headers.ETag!);
        using var notModified = await client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.True(notModified.StatusCode == HttpStatusCode.NotModified,
            $"expected 304 for {own.Headers.ETag}, got {(int)notModified.StatusCode} with {notModified.Headers.ETag}: {await notModified.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)} / first {await own.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        using var badge = await client.GetAsync($"/embed/v1/units/{Ward}/badge.svg?token={token}&metric=status", TestContext.Current.CancellationToken);
        Assert.Equal("image/svg+xml", badge.Content.Headers.ContentType!.MediaType);
        Assert.Contains("hoạt động", await badge.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // A request from an origin the token does not allow: refused, and no CORS grant.
        using var fromForeign = new HttpRequestMessage(HttpMethod.Get, $"/embed/v1/units/{Ward}/status.json?token={token}");
        fromForeign.Headers.Add("Origin", foreign.Origin.GetLeftPart(UriPartial.Authority));
        using var refused = await client.SendAsync(fromForeign, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Origin not allowed", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // The same widgets on the foreign portal: the script is refused, the frame is not shown.
        var portal = foreign.AddPortal("portal", center.GatewayUrl, script, integrity, Ward, token);
        var page = await browser.NewPageAsync(1280, 900);
        await page.GotoAsync(portal.ToString());
        var widget = page.Locator("opscenter-status#widget");
        await Assertions.Expect(widget).ToHaveAttributeAsync("data-state", "refused", new() { Timeout = 30_000 });
        await Assertions.Expect(widget.Locator("[role='alert']")).ToHaveAttributeAsync("data-reason", "origin");
        await Assertions.Expect(widget.Locator("[role='alert']")).ToContainTextAsync("không được phép nhúng");
        Assert.Equal(0, await page.FrameLocator("#frame").Locator("opscenter-status").CountAsync());
        await page.Context.CloseAsync();
    }
}
