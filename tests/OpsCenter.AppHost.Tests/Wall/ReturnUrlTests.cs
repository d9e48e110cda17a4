using System.Net;

namespace OpsCenter.AppHost.Tests.Wall;

/// <summary>
/// Every return URL the Wall honours, through the gateway: a path on this site is kept; anything else
/// (another site, or a path that a browser reads as one once it drops tabs and line breaks) goes to the
/// default page, and nothing answers 500.
/// </summary>
public class ReturnUrlTests(CenterFixture center)
{
    public static TheoryData<string> Foreign =>
    [
        "/\t/evil.example", // browsers drop the tab: //evil.example
        "/\n/evil.example",
        "/\r\nLocation: http://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
    ];

    private static string Query(string returnUrl) => "returnUrl=" + Uri.EscapeDataString(returnUrl);

    /// <summary>Location as sent, unparsed (a bad one must be seen as it is).</summary>
    internal static string? Location(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Location", out var values) ? values.ToString() : null;

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task Culture_ForeignReturnUrl_GoesToTheDefaultPage(string returnUrl)
    {
        using var client = WallHttp.Client(center.GatewayUrl);

        using var response = await client.GetAsync($"/culture?culture=en-US&{Query(returnUrl)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/", Location(response));
    }

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task Pair_ForeignReturnUrl_AScreenGoesToTheDefaultPage(string returnUrl)
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/pair?{Query(returnUrl)}");
        request.Headers.Add("Cookie", "opscenter.device=" + RunningCenter.WallDeviceToken);

        using var paired = await client.SendAsync(request, TestContext.Current.CancellationToken);
        using var provisioned = await client.GetAsync($"/pair?token={RunningCenter.WallDeviceToken}&{Query(returnUrl)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Found, paired.StatusCode);
        Assert.Equal("/", Location(paired));
        Assert.Equal(HttpStatusCode.Found, provisioned.StatusCode);
        Assert.Equal("/pair?returnUrl=%2F", Location(provisioned));
    }

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task SignIn_ForeignReturnUrl_GoesToThePersonsHome_OrBackToTheFormWithoutIt(string returnUrl)
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        var person = await WallHttp.CreatePersonAsync(center, "tro-ve", "operator", null, "mat-khau-thu-nghiem");

        using var refused = await WallHttp.SignInAsync(client, person, "sai-mat-khau-0", returnUrl);
        using var signedIn = await WallHttp.SignInAsync(client, person, "mat-khau-thu-nghiem", returnUrl);

        Assert.Equal(HttpStatusCode.Found, refused.StatusCode);
        Assert.StartsWith("/signin?error=", Location(refused), StringComparison.Ordinal);
        Assert.DoesNotContain("returnUrl", Location(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.Equal("/briefing", Location(signedIn));
    }

    [Fact]
    public async Task LocalReturnUrls_AreKept()
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        var person = await WallHttp.CreatePersonAsync(center, "giu-lai", "operator", null, "mat-khau-thu-nghiem");

        using var signedIn = await WallHttp.SignInAsync(client, person, "mat-khau-thu-nghiem", "/briefing/unit/26740?period=week");
        using var culture = await client.GetAsync($"/culture?culture=en-US&{Query("/wall/map?culture=vi-VN&x=1")}", TestContext.Current.CancellationToken);

        Assert.Equal("/briefing/unit/26740?period=week", Location(signedIn));
        Assert.Equal("/wall/map?x=1", Location(culture));
    }

    [Fact]
    public async Task OidcSignIn_WithoutAProvider_IsNotFound()
    {
        using var client = WallHttp.Client(center.GatewayUrl);

        using var response = await client.GetAsync($"/account/oidc?{Query("/\t/evil.example")}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
