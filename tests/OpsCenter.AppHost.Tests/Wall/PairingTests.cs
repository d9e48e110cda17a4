using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsCenter.AppHost.Tests.Wall;

/// <summary>
/// A new wall screen, through the gateway: showing the pairing page writes nothing; the page's own
/// form (posted by its script, with an antiforgery token) makes the pending screen, and one client
/// address may make a room's worth at once, not more.
/// </summary>
public partial class PairingTests(CenterFixture center)
{
    private static string? DeviceToken(HttpResponseMessage response) =>
        WallHttp.SetCookie(response, "opscenter.device")?.Split(';')[0]["opscenter.device=".Length..];

    [Fact]
    public async Task Get_ShowsTheFormThatStartsPairing_AndMakesNoScreen()
    {
        using var client = WallHttp.Client(center.GatewayUrl);

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/pair?returnUrl=%2Fwall%2Fmap", TestContext.Current.CancellationToken);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(DeviceToken(response));
            Assert.DoesNotContain("data-testid=\"pair-code\"", html, StringComparison.Ordinal);
            Assert.Contains("<form method=\"post\" action=\"/pair\"", html, StringComparison.Ordinal);
            Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_WithTheFormsToken_MakesOnePendingScreen_WhoseCodeTheNextGetShows()
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        var antiforgery = await WallHttp.AntiforgeryAsync(client, "/pair?returnUrl=%2Fwall%2Fmap");

        using var created = await WallHttp.PostFormAsync(client, "/pair", antiforgery, [new("returnUrl", "/wall/map")]);
        var token = DeviceToken(created);
        Assert.Equal(HttpStatusCode.Found, created.StatusCode);
        Assert.Equal("/pair?returnUrl=%2Fwall%2Fmap", ReturnUrlTests.Location(created));
        Assert.NotNull(token);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/pair?returnUrl=%2Fwall%2Fmap");
        page.Headers.Add("Cookie", "opscenter.device=" + token);
        using var shown = await client.SendAsync(page, TestContext.Current.CancellationToken);
        var code = PairCode().Match(await shown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(code.Success, "the pending screen shows no code");

        using var admin = WallHttp.AdminClient(center);
        using var checkedToken = await admin.PostAsJsonAsync("/api/admin/v1/devices/authenticate", new { token }, TestContext.Current.CancellationToken);
        var device = await checkedToken.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("pending", device.GetProperty("status").GetString());
        Assert.Equal(code.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal), device.GetProperty("pairingCode").GetString());

        // The same screen posting again (a second tab, a reload) keeps its pending pairing.
        using var again = await WallHttp.PostFormAsync(client, "/pair", antiforgery, [new("returnUrl", "/wall/map")], "opscenter.device=" + token);
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.Null(DeviceToken(again));
    }

    [Fact]
    public async Task Post_WithoutTheFormsToken_Is400_AndMakesNoScreen()
    {
        using var client = WallHttp.Client(center.GatewayUrl);

        using var response = await WallHttp.PostFormAsync(client, "/pair", null, [new("returnUrl", "/")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(DeviceToken(response));
    }

    [Fact]
    public async Task Post_FromOneClientAddress_ARoomOf20Pairs_ThenItIs429WithRetryAfter_AndOtherAddressesStillPair()
    {
        // Past Aspire's development proxy (every connection through it comes from 127.0.0.1): the gateway
        // sees each client's own address and forwards it to the Wall.
        var gateway = await center.ProcessUrlAsync("gateway");
        using var room = WallHttp.Client(gateway, from: "127.0.0.2");
        var antiforgery = await WallHttp.AntiforgeryAsync(room, "/pair");

        var screens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            using var created = await WallHttp.PostFormAsync(room, "/pair", antiforgery, [new("returnUrl", "/")]);
            Assert.Equal(HttpStatusCode.Found, created.StatusCode);
            screens.Add(DeviceToken(created)!);
        }
        Assert.Equal(20, screens.Count);

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 40 && refused is null; i++)
        {
            var response = await WallHttp.PostFormAsync(room, "/pair", antiforgery, [new("returnUrl", "/")]);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
                break;
            }
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            response.Dispose();
        }
        Assert.NotNull(refused);
        using (refused)
        {
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
            Assert.Null(DeviceToken(refused));
            var page = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("data-testid=\"pair-busy\"", page, StringComparison.Ordinal);
        }

        using var elsewhere = WallHttp.Client(gateway, from: "127.0.0.3");
        var otherForm = await WallHttp.AntiforgeryAsync(elsewhere, "/pair");
        using var other = await WallHttp.PostFormAsync(elsewhere, "/pair", otherForm, [new("returnUrl", "/")]);
        Assert.Equal(HttpStatusCode.Found, other.StatusCode);
        Assert.NotNull(DeviceToken(other));
    }

    [GeneratedRegex("""data-testid="pair-code">([^<]+)<""")]
    private static partial Regex PairCode();
}
