using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpsCenter.Collector.Tests.Admin;

public abstract class PeopleAndDevicesApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : CollectorApp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool AbsentOrNull(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private async Task<JsonElement> SignInAsync(string username, string password, string? client = null)
    {
        // Each test's own address unless it says: attempts are counted per account and address.
        using var response = await app.CreateAdmin().PostAsJsonAsync("/api/admin/v1/people/sign-in", new { username, password, client = client ?? username }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Fact]
    public async Task Person_CreatedWithHashedPassword_SignsIn_AndTheAnswerNeverCarriesAHash()
    {
        var username = NewName("an.nguyen");
        using var put = await app.CreateAdmin("admin").PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = "Nguyễn Văn An", role = "department", unit = "26743", password = "mat-khau-rat-dai" }, Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var ok = await SignInAsync(username.ToUpperInvariant(), "mat-khau-rat-dai");
        var wrong = await SignInAsync(username, "mat-khau-sai-roi");

        Assert.Equal("signedIn", ok.GetProperty("outcome").GetString());
        Assert.Equal("department", ok.GetProperty("person").GetProperty("role").GetString());
        Assert.Equal("26743", ok.GetProperty("person").GetProperty("unit").GetString());
        Assert.Equal("wrongPassword", wrong.GetProperty("outcome").GetString());
        Assert.True(AbsentOrNull(wrong, "person"));
        var listed = await app.CreateAdmin().GetStringAsync("/api/admin/v1/people", Ct);
        Assert.DoesNotContain("pbkdf2", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("mat-khau", listed, StringComparison.Ordinal);
        var audit = await app.CreateAdmin().GetFromJsonAsync<JsonElement[]>($"/api/admin/v1/audit?target={username}", Ct);
        Assert.Equal("person.created", Assert.Single(audit!).GetProperty("action").GetString());
        Assert.DoesNotContain("mat-khau", audit![0].GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASuccess_ClearsTheAddressesCount_FreeTriesAgain()
    {
        var username = NewName("typo");
        using var put = await app.CreateAdmin().PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = "Gõ nhầm", role = "operator", password = "dung-mat-khau-2" }, Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var outcomes = new List<string>();
        foreach (var password in new[] { "sai-1", "sai-2", "sai-3", "sai-4", "dung-mat-khau-2", "sai-5", "sai-6", "sai-7", "sai-8", "sai-9", "dung-mat-khau-2" })
        {
            outcomes.Add((await SignInAsync(username, password, "192.0.2.1")).GetProperty("outcome").GetString()!);
        }

        // Nine failures in all, never more than five in a row: nothing waits.
        Assert.Equal([.. Enumerable.Repeat("wrongPassword", 4), "signedIn", .. Enumerable.Repeat("wrongPassword", 5), "signedIn"], outcomes);
    }

    [Fact]
    public async Task SecurityStamp_ChangesWithSignOutRoleUnitDisableAndPassword_NotWithTheName()
    {
        var username = NewName("stamp");
        var admin = app.CreateAdmin("admin");
        using var put = await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = "Dấu phiên", role = "department", unit = "26743", password = "mat-khau-rat-dai" }, Ct);
        var signedIn = await SignInAsync(username, "mat-khau-rat-dai");
        var stamps = new List<string> { signedIn.GetProperty("stamp").GetString()! };
        async Task<string> StampAsync() => (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/v1/people/{username}/session", Ct)).GetProperty("stamp").GetString()!;

        Assert.Equal(stamps[0], await StampAsync());
        (await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}", new { displayName = "Tên mới", role = "department", unit = "26743" }, Ct)).Dispose();
        Assert.Equal(stamps[0], await StampAsync()); // a new display name ends no session
        foreach (var change in new object[]
        {
            new { displayName = "Tên mới", role = "department", unit = "26740" },
            new { displayName = "Tên mới", role = "operator" },
            new { displayName = "Tên mới", role = "operator", disabled = true },
        })
        {
            (await admin.PutAsJsonAsync($"/api/admin/v1/people/{username}", change, Ct)).Dispose();
            stamps.Add(await StampAsync());
        }
        (await admin.PostAsJsonAsync($"/api/admin/v1/people/{username}/password", new { password = "mat-khau-moi-dai" }, Ct)).Dispose();
        stamps.Add(await StampAsync());
        using var signOut = await admin.PostAsync($"/api/admin/v1/people/{username}/sign-out", null, Ct);
        stamps.Add(await StampAsync());
        using var deleted = await admin.DeleteAsync($"/api/admin/v1/people/{username}", Ct);
        using var gone = await admin.GetAsync($"/api/admin/v1/people/{username}/session", Ct);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task DisabledPerson_IsRefused_UnknownPerson_LooksLikeAWrongPassword()
    {
        var username = NewName("disabled");
        using var put = await app.CreateAdmin().PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = "Tạm nghỉ", role = "briefing", password = "mot-mat-khau-dai", disabled = true }, Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        Assert.Equal("disabled", (await SignInAsync(username, "mot-mat-khau-dai")).GetProperty("outcome").GetString());
        Assert.Equal("wrongPassword", (await SignInAsync("khong-ai-ca", "mot-mat-khau-dai")).GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("""{ "displayName": "X", "role": "king", "password": "long-enough-pw" }""", "role")]
    [InlineData("""{ "displayName": "X", "role": "department", "password": "long-enough-pw" }""", "unit")]
    [InlineData("""{ "displayName": "X", "role": "department", "unit": "99999", "password": "long-enough-pw" }""", "unit")]
    [InlineData("""{ "displayName": "X", "role": "operator", "password": "short" }""", "password")]
    [InlineData("""{ "displayName": "X", "role": "operator" }""", "password")]
    [InlineData("""{ "displayName": "", "role": "operator", "password": "long-enough-pw" }""", "displayName")]
    public async Task PutPerson_Invalid_Is400NamingTheField_AndCreatesNobody(string body, string field)
    {
        var username = NewName("bad");
        using var response = await app.CreateAdmin().PutAsync($"/api/admin/v1/people/{username}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField(field);
        using var missing = await app.CreateAdmin().GetAsync($"/api/admin/v1/people/{username}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Device_PairApproveMoveRevoke_TokenFollowsEachStep_AllAudited()
    {
        var admin = app.CreateAdmin("nguyen.admin");
        using var start = await admin.PostAsync("/api/admin/v1/devices/pairings", null, Ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var pairing = await start.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var token = pairing.GetProperty("token").GetString()!;
        var code = pairing.GetProperty("device").GetProperty("pairingCode").GetString()!;
        var id = pairing.GetProperty("device").GetProperty("id").GetString()!;

        async Task<JsonElement?> Screen()
        {
            using var response = await admin.PostAsJsonAsync("/api/admin/v1/devices/authenticate", new { token }, Ct);
            return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        Assert.Equal("pending", (await Screen())!.Value.GetProperty("status").GetString());
        using var wrongCode = await admin.PostAsJsonAsync("/api/admin/v1/devices/approve", new { code = "ZZZZZZ", name = "Tường 1", view = "city" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, wrongCode.StatusCode);
        // People type codes as they read them: lower case, with the space the screen shows.
        using var approve = await admin.PostAsJsonAsync("/api/admin/v1/devices/approve",
            new { code = code[..3].ToLowerInvariant() + " " + code[3..], name = "Tường 1", view = "city" }, Ct);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var active = (await Screen())!.Value;
        Assert.Equal("active", active.GetProperty("status").GetString());
        Assert.Equal("city", active.GetProperty("view").GetString());
        Assert.True(AbsentOrNull(active, "pairingCode"));

        using var move = await admin.PutAsJsonAsync($"/api/admin/v1/devices/{id}", new { name = "Tường 1", view = "map" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, move.StatusCode);
        Assert.Equal("map", (await Screen())!.Value.GetProperty("view").GetString());

        using var revoke = await admin.PostAsync($"/api/admin/v1/devices/{id}/revoke", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal("revoked", (await Screen())!.Value.GetProperty("status").GetString());
        using var reuse = await admin.PostAsJsonAsync("/api/admin/v1/devices/approve", new { code, name = "again", view = "city" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, reuse.StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement[]>($"/api/admin/v1/audit?target={id}", Ct);
        Assert.Equal(["device.revoked", "device.updated", "device.approved"], audit!.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit!, a => Assert.Equal("ops:nguyen.admin", a.GetProperty("actor").GetString()));
        using var unknown = await admin.PostAsJsonAsync("/api/admin/v1/devices/authenticate", new { token = "ocd_nope" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task PeopleAndDevices_NeedTheAdminKey()
    {
        using var people = await app.CreateClient().GetAsync("/api/admin/v1/people", Ct);
        using var signIn = await app.CreateClient().PostAsJsonAsync("/api/admin/v1/people/sign-in", new { username = "admin", password = "x" }, Ct);
        using var pairing = await app.CreateClient().PostAsync("/api/admin/v1/devices/pairings", null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, people.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, pairing.StatusCode);
    }
}

public sealed class PeopleAndDevicesApiTestsOnSqlite(CollectorApp app) : PeopleAndDevicesApiTests<CollectorApp>(app);

public sealed class PeopleAndDevicesApiTestsOnPostgres(PostgresCollectorApp app) : PeopleAndDevicesApiTests<PostgresCollectorApp>(app);
