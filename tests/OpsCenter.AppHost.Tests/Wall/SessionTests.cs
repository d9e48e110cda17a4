using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace OpsCenter.AppHost.Tests.Wall;

/// <summary>
/// People's sessions through the gateway: every refusal answers alike, and sign-out, demotion and
/// disabling end a session everywhere within 10 s (the probe kept a cookie working for 10 hours).
/// </summary>
public partial class SessionTests(CenterFixture center)
{
    private const string Password = "mat-khau-thu-nghiem";

    [GeneratedRegex("username=[^&]*")]
    private static partial Regex UsernameParameter();

    private async Task<HttpStatusCode> GetAsync(string path, string cookie)
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>Polls until <paramref name="path"/> stops answering 200 for the cookie; returns how long it took.</summary>
    private async Task<TimeSpan> UntilRefusedAsync(string path, string cookie)
    {
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => await GetAsync(path, cookie) != HttpStatusCode.OK, because: $"{path} refusing the cookie");
        return clock.Elapsed;
    }

    [Fact]
    public async Task Refusals_UnknownWrongDisabledAndWaiting_AnswerAlike()
    {
        var person = await WallHttp.CreatePersonAsync(center, "giong", "operator", null, Password);
        var disabled = await WallHttp.CreatePersonAsync(center, "nghi", "operator", null, Password);
        using (var admin = WallHttp.AdminClient(center))
        {
            (await admin.PutAsJsonAsync($"/api/admin/v1/people/{disabled}", new { displayName = "Tạm nghỉ", role = "operator", disabled = true },
                TestContext.Current.CancellationToken)).Dispose();
        }
        using var client = WallHttp.Client(center.GatewayUrl);
        async Task<string> AnswerAsync(string username, string password)
        {
            using var answer = await WallHttp.SignInAsync(client, username, password, "/briefing");
            Assert.Null(WallHttp.SetCookie(answer, "opscenter.person"));
            var body = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return $"{(int)answer.StatusCode} {UsernameParameter().Replace(answer.Headers.Location?.ToString() ?? "", "username=…")} [{body}]";
        }

        var unknown = await AnswerAsync("khong-co-ai-" + Guid.NewGuid().ToString("N")[..6], Password);
        var wrong = await AnswerAsync(person, "sai-mat-khau");
        var off = await AnswerAsync(disabled, Password);
        for (var i = 0; i < 6; i++)
        {
            await AnswerAsync(person, "sai-mat-khau-" + i);
        }
        var waiting = await AnswerAsync(person, Password);

        Assert.Equal("302 /signin?error=refused&returnUrl=%2Fbriefing&username=… []", unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, off);
        Assert.Equal(unknown, waiting);
    }

    [Fact]
    public async Task SignInAndPairing_WithNoFormAtAll_Are400_NotAnErrorPage()
    {
        using var client = WallHttp.Client(center.GatewayUrl);
        foreach (var path in new[] { "/account/signin", "/pair" })
        {
            using var empty = await client.PostAsync(path, null, TestContext.Current.CancellationToken);
            using var json = await client.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.InRange((int)json.StatusCode, 400, 499);
            Assert.DoesNotContain("   at ", await empty.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnEveryDevice()
    {
        var person = await WallHttp.CreatePersonAsync(center, "dangxuat", "briefing", null, Password);
        using var client = WallHttp.Client(center.GatewayUrl);
        var office = await WallHttp.SignedInCookieAsync(client, person, Password);
        var tablet = await WallHttp.SignedInCookieAsync(client, person, Password);
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/briefing/export/rankings.csv", tablet));

        using (var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/signout"))
        {
            signOut.Headers.Add("Cookie", office);
            using var answer = await client.SendAsync(signOut, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }

        Assert.True(await UntilRefusedAsync("/briefing/export/rankings.csv", tablet) < TimeSpan.FromSeconds(10));
        Assert.NotEqual(HttpStatusCode.OK, await GetAsync("/briefing", office));
    }

    [Fact]
    public async Task Demoted_OrDisabled_LosesWhatItNoLongerMay_WithinTenSeconds()
    {
        var chairman = await WallHttp.CreatePersonAsync(center, "hachuc", "briefing", null, Password);
        var clerk = await WallHttp.CreatePersonAsync(center, "thoiviec", "operator", null, Password);
        using var client = WallHttp.Client(center.GatewayUrl);
        var chairmanCookie = await WallHttp.SignedInCookieAsync(client, chairman, Password);
        var clerkCookie = await WallHttp.SignedInCookieAsync(client, clerk, Password);
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/briefing/export/rankings.csv", chairmanCookie));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("/briefing", clerkCookie));

        using var admin = WallHttp.AdminClient(center);
        (await admin.PutAsJsonAsync($"/api/admin/v1/people/{chairman}", new { displayName = "Phường", role = "department", unit = "26740" },
            TestContext.Current.CancellationToken)).Dispose();
        (await admin.PutAsJsonAsync($"/api/admin/v1/people/{clerk}", new { displayName = "Nghỉ việc", role = "operator", disabled = true },
            TestContext.Current.CancellationToken)).Dispose();

        Assert.True(await UntilRefusedAsync("/briefing/export/rankings.csv", chairmanCookie) < TimeSpan.FromSeconds(10));
        Assert.True(await UntilRefusedAsync("/briefing", clerkCookie) < TimeSpan.FromSeconds(10));
    }
}
