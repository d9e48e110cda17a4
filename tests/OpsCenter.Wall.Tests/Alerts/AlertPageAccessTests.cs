using System.Net;

namespace OpsCenter.Wall.Tests.Alerts;

/// <summary>Who opens the alert pages: the console for the city's people and department people, the rules for admins only, the link page for anyone.</summary>
public sealed class AlertPageAccessTests : IAsyncLifetime
{
    private WallApp _wall = default!;

    public async ValueTask InitializeAsync() => _wall = await WallApp.StartAsync();

    public async ValueTask DisposeAsync() => await _wall.DisposeAsync();

    [Theory]
    [InlineData("department-1", "/admin/alerts", false)]
    [InlineData("operator-1", "/admin/alerts", false)]
    [InlineData("briefing-1", "/admin/alerts", false)]
    [InlineData("admin-1", "/admin/alerts", true)]
    [InlineData("department-1", "/admin/alerts/opscenter-alerts.json", false)]
    [InlineData("admin-1", "/admin/alerts/opscenter-alerts.json", true)]
    [InlineData("department-1", "/alerts", true)]
    [InlineData("operator-1", "/alerts", true)]
    [InlineData("briefing-1", "/alerts", true)]
    [InlineData("admin-1", "/alerts", true)]
    public async Task Page_OpensOnlyForItsRoles(string username, string path, bool opens)
    {
        var cookie = await _wall.SignInAsync(username);
        using var client = _wall.Client();

        using var response = await WallApp.GetAsync(client, path, cookie);

        if (opens)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/denied", StringComparison.Ordinal) == true),
                $"{username} got {response.StatusCode} {response.Headers.Location} for {path}");
        }
    }

    [Fact]
    public async Task Anonymous_ReachesTheLinkPageOnly()
    {
        using var client = _wall.Client();

        using var link = await client.GetAsync("/alerts/confirm?t=" + StandInCollector.GoodToken, TestContext.Current.CancellationToken);
        using var console = await client.GetAsync("/alerts", TestContext.Current.CancellationToken);
        using var rules = await client.GetAsync("/admin/alerts", TestContext.Current.CancellationToken);
        using var export = await client.GetAsync("/admin/alerts/opscenter-alerts.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        foreach (var refused in new[] { console, rules, export })
        {
            Assert.True(refused.StatusCode is HttpStatusCode.Unauthorized
                || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true),
                $"anonymous got {refused.StatusCode} {refused.Headers.Location}");
        }
    }

    [Fact]
    public async Task Console_ForTheBriefingOffice_IsReadOnly_AndForADepartment_ReadsItsOwnUnit()
    {
        using var client = _wall.Client();

        using var briefing = await WallApp.GetAsync(client, "/alerts", await _wall.SignInAsync("briefing-1"));
        using var department = await WallApp.GetAsync(client, "/alerts", await _wall.SignInAsync("department-1"));

        Assert.Contains("data-testid=\"alerts-read-only\"", await briefing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"alerts-read-only\"", await department.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains(_wall.Collector.Requests, r => r.Path.StartsWith("/api/query/v1/alerts?", StringComparison.Ordinal)
            && r.Path.Contains("unit=" + StandInCollector.Unit, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Console_SaysWhenAlertMailCannotGoOut()
    {
        using var client = _wall.Client();

        // The stand-in collector's mail status: no SMTP server (and one mail given up).
        using var page = await WallApp.GetAsync(client, "/alerts", await _wall.SignInAsync("briefing-1"));

        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("data-testid=\"alerts-mail-warning\"", html, StringComparison.Ordinal);
        Assert.Contains("Thư cảnh báo hiện không gửi được", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminAlerts_ShowsTheRulesAsATable_AndTheMailStatus()
    {
        using var client = _wall.Client();

        using var response = await WallApp.GetAsync(client, "/admin/alerts", await _wall.SignInAsync("admin-1"));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("one-door-down", html, StringComparison.Ordinal);
        Assert.Contains("Một cửa ngừng", html, StringComparison.Ordinal);
        Assert.Contains("10 phút", html, StringComparison.Ordinal);
        Assert.DoesNotContain("10 min", html, StringComparison.Ordinal);
        Assert.Contains("Lý do không gửi thư", html, StringComparison.Ordinal);
        Assert.Contains("Alerts:Smtp:Host is not set", html, StringComparison.Ordinal);
        Assert.Contains("le.van.c@example.vn", html, StringComparison.Ordinal);
        Assert.Contains("connection refused", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminAlerts_Export_IsTheCollectorsRuleSet_AsAFile()
    {
        using var client = _wall.Client();

        using var response = await WallApp.GetAsync(client, "/admin/alerts/opscenter-alerts.json", await _wall.SignInAsync("admin-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("opscenter-alerts.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var file = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("one-door-down", file.RootElement.GetProperty("rules")[0].GetProperty("id").GetString());
    }
}
