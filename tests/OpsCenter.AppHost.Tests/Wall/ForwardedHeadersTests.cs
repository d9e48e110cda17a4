using System.Net;

namespace OpsCenter.AppHost.Tests.Wall;

/// <summary>
/// The gateway is the one origin: the Wall behind it builds its redirects and cookies from what the
/// gateway forwards (X-Forwarded-Proto/Host/For), and from no one else.
/// </summary>
public class ForwardedHeadersTests(CenterFixture center)
{
    private const string Password = "mat-khau-thu-nghiem";

    /// <summary>Relative, or absolute on the gateway's own origin: never the Wall's own address.</summary>
    private void AssertOnGateway(string? location, string path)
    {
        Assert.NotNull(location);
        var uri = new Uri(center.GatewayUrl, location);
        Assert.Equal(center.GatewayUrl.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith(path, uri.PathAndQuery, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Spoofed(string path, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "opscenter.example");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }

    [Fact]
    public async Task SignInRedirect_ThroughTheGateway_IsOnTheGatewaysOrigin()
    {
        using var client = WallHttp.Client(center.GatewayUrl);

        using var response = await client.GetAsync("/briefing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        AssertOnGateway(ReturnUrlTests.Location(response), "/signin?returnUrl=%2Fbriefing");
    }

    [Fact]
    public async Task DepartmentRedirects_ThroughTheGateway_AreOnTheGatewaysOrigin()
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        var person = await WallHttp.CreatePersonAsync(center, "cong", "department", "26740", Password);
        var cookie = await WallHttp.SignedInCookieAsync(client, person, Password);

        using var home = new HttpRequestMessage(HttpMethod.Get, "/briefing");
        home.Headers.Add("Cookie", cookie);
        using var toHome = await client.SendAsync(home, TestContext.Current.CancellationToken);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/briefing/unit/26743");
        other.Headers.Add("Cookie", cookie);
        using var denied = await client.SendAsync(other, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, toHome.StatusCode);
        AssertOnGateway(ReturnUrlTests.Location(toHome), "/briefing/unit/26740");
        Assert.Equal(HttpStatusCode.Found, denied.StatusCode);
        AssertOnGateway(ReturnUrlTests.Location(denied), "/denied");
    }

    [Fact]
    public async Task ForwardedHeadersFromAClient_AreReplacedByTheGateway()
    {
        using var client = WallHttp.Client(center.GatewayUrl);

        using var signIn = await client.SendAsync(Spoofed("/briefing"), TestContext.Current.CancellationToken);
        using var screen = await client.SendAsync(Spoofed($"/pair?token={RunningCenter.WallDeviceToken}&returnUrl=%2F"), TestContext.Current.CancellationToken);

        AssertOnGateway(ReturnUrlTests.Location(signIn), "/signin?returnUrl=%2Fbriefing");
        var device = WallHttp.SetCookie(screen, "opscenter.device");
        Assert.NotNull(device);
        Assert.False(WallHttp.IsSecure(device), device); // the gateway was reached over http
    }

    [Fact]
    public async Task Wall_HonoursForwardedHeadersFromItsProxyOnly()
    {
        var wall = await center.ProcessUrlAsync("wall");

        // From the proxy's address (loopback, where the gateway connects from): reached over https.
        using var proxy = WallHttp.Client(wall, from: "127.0.0.1");
        using var proxiedScreen = await proxy.SendAsync(Spoofed($"/pair?token={RunningCenter.WallDeviceToken}&returnUrl=%2F"), TestContext.Current.CancellationToken);
        using var proxiedSignIn = await proxy.SendAsync(Spoofed("/briefing"), TestContext.Current.CancellationToken);
        var form = await WallHttp.AntiforgeryAsync(proxy, "/signin");
        using var personSignIn = await SignInSpoofedAsync(proxy, form);

        Assert.True(WallHttp.IsSecure(WallHttp.SetCookie(proxiedScreen, "opscenter.device")!), "device cookie over https");
        Assert.StartsWith("https://opscenter.example/signin?returnUrl=%2Fbriefing", ReturnUrlTests.Location(proxiedSignIn), StringComparison.Ordinal);
        Assert.True(WallHttp.IsSecure(WallHttp.SetCookie(personSignIn, "opscenter.person") ?? ""), "person cookie over https");

        // From any other address: the same headers are ignored.
        using var stranger = WallHttp.Client(wall, from: "127.0.0.2");
        using var strangerScreen = await stranger.SendAsync(Spoofed($"/pair?token={RunningCenter.WallDeviceToken}&returnUrl=%2F"), TestContext.Current.CancellationToken);
        using var strangerSignIn = await stranger.SendAsync(Spoofed("/briefing"), TestContext.Current.CancellationToken);

        Assert.False(WallHttp.IsSecure(WallHttp.SetCookie(strangerScreen, "opscenter.device")!), "device cookie from a stranger's headers");
        Assert.DoesNotContain("opscenter.example", ReturnUrlTests.Location(strangerSignIn) ?? "", StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SignInSpoofedAsync(HttpClient client, (string Token, string Cookie) form)
    {
        var person = await WallHttp.CreatePersonAsync(center, "https", "operator", null, Password);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent([new("username", person), new("password", Password), new("__RequestVerificationToken", form.Token)]),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "opscenter.example");
        request.Headers.Add("Cookie", form.Cookie);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
