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

    private async Task<JsonElement> SignInAsync(string username, string password)
    {
        using var response = await app.CreateAdmin().PostAsJsonAsync("/api/admin/v1/people/sign-in", new { username, password }, Ct);
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
    public async Task FiveWrongPasswords_LockTheAccount_EvenTheRightOneIsRefused_UntilAnAdminUnlocks()
    {
        var username = NewName("locked");
        using var put = await app.CreateAdmin().PutAsJsonAsync($"/api/admin/v1/people/{username}",
            new { displayName = "Khoá thử", role = "operator", password = "dung-mat-khau-1" }, Ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await SignInAsync(username, "sai-mat-khau-" + i)).GetProperty("outcome").GetString()!);
        }
        var rightButLocked = await SignInAsync(username, "dung-mat-khau-1");
        using var unlock = await app.CreateAdmin().PostAsync($"/api/admin/v1/people/{username}/unlock", null, Ct);
        var afterUnlock = await SignInAsync(username, "dung-mat-khau-1");

        Assert.Equal(["wrongPassword", "wrongPassword", "wrongPassword", "wrongPassword", "lockedOut"], answers);
        Assert.Equal("lockedOut", rightButLocked.GetProperty("outcome").GetString());
        Assert.True(rightButLocked.GetProperty("lockedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.Equal("signedIn", afterUnlock.GetProperty("outcome").GetString());
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
