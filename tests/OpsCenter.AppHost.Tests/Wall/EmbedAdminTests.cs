using System.Net;
using System.Net.Http.Json;

namespace OpsCenter.AppHost.Tests.Wall;

/// <summary>
/// The embed tokens page, through the gateway: admins manage every unit's tokens; a department person
/// only their own unit's, with the unit fixed to theirs.
/// </summary>
public class EmbedAdminTests(CenterFixture center)
{
    private const string Password = "mat-khau-thu-nghiem";
    private const string OwnUnit = "26740";
    private const string OtherUnit = "26743";

    private async Task<string> IssueAsync(string unit)
    {
        var label = $"portal-{Guid.NewGuid():N}";
        using var admin = WallHttp.AdminClient(center);
        using var response = await admin.PostAsJsonAsync("/api/admin/v1/embed-tokens",
            new { unit, label, kinds = new[] { "card" }, origins = new[] { "https://phuong.example" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return label;
    }

    private async Task<(HttpStatusCode Status, string Html)> OpenAsync(string username, string password)
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        var cookie = await WallHttp.SignedInCookieAsync(client, username, password);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/embed");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EmbedPage_Admin_ListsEveryUnitsTokens_AndAsksForTheUnit()
    {
        var own = await IssueAsync(OwnUnit);
        var other = await IssueAsync(OtherUnit);

        var (status, html) = await OpenAsync("admin", RunningCenter.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"embed-form\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"embed-unit\"", html, StringComparison.Ordinal);
        Assert.Contains(own, html, StringComparison.Ordinal);
        Assert.Contains(other, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedPage_DepartmentPerson_ListsOwnUnitsTokensOnly_WithTheUnitFixed()
    {
        var own = await IssueAsync(OwnUnit);
        var other = await IssueAsync(OtherUnit);
        var person = await WallHttp.CreatePersonAsync(center, "nhung", "department", OwnUnit, Password);

        var (status, html) = await OpenAsync(person, Password);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"embed-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"embed-unit\"", html, StringComparison.Ordinal);
        Assert.Contains(own, html, StringComparison.Ordinal);
        Assert.DoesNotContain(other, html, StringComparison.Ordinal);
    }
}
