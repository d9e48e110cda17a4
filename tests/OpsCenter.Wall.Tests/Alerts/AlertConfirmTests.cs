using System.Net;

namespace OpsCenter.Wall.Tests.Alerts;

/// <summary>
/// The e-mail link's page, without signing in: showing it asks the collector what the link points at
/// and changes nothing (mail scanners fetch links); only the page's own form, with its antiforgery
/// token, makes the Wall post the token to the collector, once. The token is never logged.
/// </summary>
public sealed class AlertConfirmTests : IAsyncLifetime
{
    private const string PostPath = "/api/admin/v1/alerts/acknowledge-link";
    private WallApp _wall = default!;

    public async ValueTask InitializeAsync() => _wall = await WallApp.StartAsync();

    public async ValueTask DisposeAsync() => await _wall.DisposeAsync();

    private static string Link(string token) => "/alerts/confirm?t=" + Uri.EscapeDataString(token);

    [Fact]
    public async Task Get_ShowsTheAlertAndTheButton_AndPostsNothingToTheCollector()
    {
        using var client = _wall.Client();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(Link(StandInCollector.GoodToken), TestContext.Current.CancellationToken);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(StandInCollector.AlertText), html, StringComparison.Ordinal);
            Assert.Contains("Xác nhận · Acknowledge", html, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode("Phường Sài Gòn (26740)"), html, StringComparison.Ordinal);
            Assert.Contains("<form method=\"post\" action=\"/alerts/confirm\"", html, StringComparison.Ordinal);
            Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl?.NoStore, "the page is not to be cached");
        }

        Assert.Equal(3, _wall.Collector.Count("GET", PostPath));
        // Nothing but reads reached the collector's admin API (the live link's negotiation goes to the aggregator's hub).
        Assert.DoesNotContain(_wall.Collector.Requests, r => r.Method != "GET" && r.Path.StartsWith("/api/admin/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_WithTheFormsToken_ForwardsTheTokenOnce_AndSaysAcknowledged()
    {
        using var client = _wall.Client();
        var (antiforgery, cookie) = await WallApp.AntiforgeryAsync(client, Link(StandInCollector.GoodToken));

        using var response = await PostAsync(client, StandInCollector.GoodToken, antiforgery, cookie);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Đã xác nhận", html, StringComparison.Ordinal);
        Assert.Contains("Acknowledged", html, StringComparison.Ordinal);
        var posted = Assert.Single(_wall.Collector.Requests, r => r.Method == "POST" && r.Path == PostPath);
        Assert.Contains(StandInCollector.GoodToken, posted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutTheFormsToken_Is400_AndForwardsNothing()
    {
        using var client = _wall.Client();

        using var response = await PostAsync(client, StandInCollector.GoodToken, null, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _wall.Collector.Count("POST", PostPath));
    }

    [Fact]
    public async Task ExpiredLink_SaysExpired_OnGetAndPost()
    {
        using var client = _wall.Client();

        using var shown = await client.GetAsync(Link(StandInCollector.ExpiredToken), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Gone, shown.StatusCode);
        Assert.Contains("Liên kết đã hết hạn", await shown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // The form came from a good link's page; by the time it is posted, the link has expired.
        var (antiforgery, cookie) = await WallApp.AntiforgeryAsync(client, Link(StandInCollector.GoodToken));
        using var posted = await PostAsync(client, StandInCollector.ExpiredToken, antiforgery, cookie);
        var html = await posted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Gone, posted.StatusCode);
        Assert.Contains("Liên kết đã hết hạn", html, StringComparison.Ordinal);
        Assert.Contains("This link has expired", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOrMissingLink_SaysInvalid()
    {
        using var client = _wall.Client();

        using var bad = await client.GetAsync(Link("v1.forged.sig"), TestContext.Current.CancellationToken);
        using var missing = await client.GetAsync("/alerts/confirm", TestContext.Current.CancellationToken);

        foreach (var response in new[] { bad, missing })
        {
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Liên kết không hợp lệ", html, StringComparison.Ordinal);
            Assert.Contains("Invalid link", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, _wall.Collector.Count("POST", PostPath));
    }

    [Fact]
    public async Task TheToken_IsInNoLogLine()
    {
        using var client = _wall.Client();
        var (antiforgery, cookie) = await WallApp.AntiforgeryAsync(client, Link(StandInCollector.GoodToken));
        using var posted = await PostAsync(client, StandInCollector.GoodToken, antiforgery, cookie);
        using var expired = await client.GetAsync(Link(StandInCollector.ExpiredToken), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.NotEmpty(_wall.Logs);
        Assert.DoesNotContain(_wall.Logs, line => line.Contains("good-token", StringComparison.Ordinal) || line.Contains("expired-token", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string? antiforgery, string? cookie)
    {
        List<KeyValuePair<string, string>> fields = [new("t", token)];
        if (antiforgery is not null)
        {
            fields.Add(new("__RequestVerificationToken", antiforgery));
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/confirm") { Content = new FormUrlEncodedContent(fields) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
