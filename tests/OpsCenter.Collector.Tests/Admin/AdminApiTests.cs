using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts.Ingest;
using static OpsCenter.Collector.Tests.IngestClient;

namespace OpsCenter.Collector.Tests.Admin;

public abstract class AdminApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : CollectorApp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Health(string unit) =>
        Batch($$"""{ "unit": "{{unit}}", "system": "personnel", "status": "up", "checkedAt": "{{Iso(DateTimeOffset.UtcNow)}}" }""");

    [Fact]
    public async Task Admin_WithoutKey_Is401_AndASourceKeyIsNotAnAdminKey()
    {
        using var anonymous = await app.CreateClient().GetAsync("/api/admin/v1/sources", Ct);
        var withSourceKey = app.CreateClient();
        withSourceKey.DefaultRequestHeaders.Authorization = new("Bearer", CollectorApp.WardKey);
        using var sourceKey = await withSourceKey.GetAsync("/api/admin/v1/sources", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sourceKey.StatusCode);
        await anonymous.ProblemAsync();
    }

    [Fact]
    public async Task Reapply_WritesOneInstructionToTheLog_Audited_AndRefusesPositionsThatAreNotThere()
    {
        var admin = app.CreateAdmin(actor: "quan-tri");
        using var stored = await app.PostAsync("/api/ingest/v1/health", Health("26740"), CollectorApp.WardKey);
        var last = await app.Log.LastPositionAsync(Ct);

        using var accepted = await admin.PostAsync($"/api/admin/v1/quarantine/{last}/reapply", null, Ct);
        using var ahead = await admin.PostAsync($"/api/admin/v1/quarantine/{last + 1000}/reapply", null, Ct);
        using var junk = await admin.PostAsync("/api/admin/v1/quarantine/-1/reapply", null, Ct);
        using var anonymous = await app.CreateClient().PostAsync($"/api/admin/v1/quarantine/{last}/reapply", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var instruction = Assert.Single(await app.Log.ReadAfterAsync(last, 10, Ct));
        Assert.Equal(ControlKinds.Reapply, instruction.Kind);
        Assert.Equal(new ReapplyInstruction(last, "ops:quan-tri"), JsonSerializer.Deserialize<ReapplyInstruction>(instruction.Payload, Contracts.WireJson.Options));
        (await ahead.ProblemAsync()).AssertNamesField("position");
        (await junk.ProblemAsync()).AssertNamesField("position");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonElement[]>($"/api/admin/v1/audit?target={last}", Ct);
        Assert.Equal("quarantine.reapply", Assert.Single(audit!).GetProperty("action").GetString());
    }

    [Fact]
    public async Task SourceKey_RoundTrip_CreatePostRevokeRefused_AllAudited()
    {
        var admin = app.CreateAdmin(actor: "chu-tich");
        using var put = await admin.PutAsJsonAsync("/api/admin/v1/sources/ward-ben-thanh",
            new { name = "Một cửa Phường Bến Thành", units = new[] { "26743" }, kinds = new[] { "health" }, expectedIntervalSeconds = 60 }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var issue = await admin.PostAsync("/api/admin/v1/sources/ward-ben-thanh/keys", null, Ct);
        Assert.Equal(HttpStatusCode.Created, issue.StatusCode);
        var key = await issue.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var plainKey = key.GetProperty("key").GetString()!;
        var keyId = key.GetProperty("keyId").GetString()!;

        using var accepted = await app.PostAsync("/api/ingest/v1/health", Health("26743"), plainKey);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var otherUnit = await app.PostAsync("/api/ingest/v1/health", Health("26740"), plainKey);
        Assert.Equal(HttpStatusCode.Forbidden, otherUnit.StatusCode);

        var keysJson = await admin.GetStringAsync("/api/admin/v1/sources/ward-ben-thanh/keys", Ct);
        Assert.DoesNotContain(plainKey, keysJson, StringComparison.Ordinal);
        Assert.Contains(keyId, keysJson, StringComparison.Ordinal);

        using var revoke = await admin.DeleteAsync($"/api/admin/v1/sources/ward-ben-thanh/keys/{keyId}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var refused = await app.PostAsync("/api/ingest/v1/health", Health("26743"), plainKey);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/v1/audit?target=ward-ben-thanh", Ct);
        Assert.Equal(["key.revoked", "key.issued", "source.saved"], audit!.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit!, a => Assert.Equal("ops:chu-tich", a.GetProperty("actor").GetString()));
    }

    [Theory]
    [InlineData("""{ "name": "X", "kinds": [], "expectedIntervalSeconds": 60 }""", "kinds")]
    [InlineData("""{ "name": "X", "kinds": ["gossip"], "expectedIntervalSeconds": 60 }""", "kinds")]
    [InlineData("""{ "name": "X", "units": ["99999"], "kinds": ["health"], "expectedIntervalSeconds": 60 }""", "units")]
    [InlineData("""{ "name": "X", "kinds": ["health"], "expectedIntervalSeconds": 0 }""", "expectedIntervalSeconds")]
    [InlineData("""{ "name": "X", "kinds": ["health"], "expectedIntervalSeconds": 60, "healthUrl": "ftp://x" }""", "healthUrl")]
    [InlineData("""{ "name": "", "kinds": ["health"], "expectedIntervalSeconds": 60 }""", "name")]
    public async Task PutSource_Invalid_Is400NamingTheField(string body, string field)
    {
        using var response = await app.CreateAdmin().PutAsync("/api/admin/v1/sources/bad-one", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField(field);
        using var missing = await app.CreateAdmin().GetAsync("/api/admin/v1/sources/bad-one", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Report_ShowsArrivalsAndRejections_ToTheSourceItself()
    {
        using var ok = await app.PostAsync("/api/ingest/v1/health", Health(CollectorApp.WardUnit), CollectorApp.WardKey);
        using var bad = await app.PostAsync("/api/ingest/v1/health", Batch("""{ "unit": "26740", "system": "nope", "status": "up", "checkedAt": "2025-11-28T08:00:00+07:00" }"""), CollectorApp.WardKey);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(IngestHeaders.ApiKey, CollectorApp.WardKey);

        var report = await client.GetFromJsonAsync<JsonElement>("/api/ingest/v1/report", Ct);

        Assert.Equal("ward-a", report.GetProperty("source").GetString());
        var health = report.GetProperty("arrivals").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "health");
        Assert.True(health.GetProperty("count").GetInt64() >= 1);
        var rejection = report.GetProperty("rejections")[0];
        Assert.Equal(400, rejection.GetProperty("status").GetInt32());
        Assert.Contains("items[0].system", rejection.GetProperty("errors").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groups_BuiltInListed_CustomSavedAndDeleted_BuiltInProtected()
    {
        var admin = app.CreateAdmin();
        using var save = await admin.PutAsJsonAsync("/api/admin/v1/groups/thu-duc-cu", new { name = "Khu vực Thủ Đức cũ", nameEn = "Former Thủ Đức", units = new[] { "26842", "27112" } }, Ct);
        using var builtIn = await admin.PutAsJsonAsync("/api/admin/v1/groups/origin-binh-duong", new { name = "x", nameEn = "x", units = new[] { "26740" } }, Ct);

        var groups = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/v1/groups", Ct);

        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, builtIn.StatusCode);
        Assert.Contains(groups!, g => g.GetProperty("id").GetString() == "origin-binh-duong");
        Assert.Contains(groups!, g => g.GetProperty("id").GetString() == "thu-duc-cu");
        using var delete = await admin.DeleteAsync("/api/admin/v1/groups/thu-duc-cu", Ct);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task Maintenance_CreateListDelete_AndRefuseAWindowEndingBeforeItStarts()
    {
        var admin = app.CreateAdmin();
        var start = DateTimeOffset.UtcNow.AddHours(1);
        using var created = await admin.PostAsJsonAsync("/api/admin/v1/maintenance",
            new { unit = "26740", system = "civil-status", startsAt = start, endsAt = start.AddHours(2), reason = "Nâng cấp máy chủ hộ tịch" }, Ct);
        using var backwards = await admin.PostAsJsonAsync("/api/admin/v1/maintenance",
            new { unit = "26740", startsAt = start, endsAt = start.AddHours(-2), reason = "x" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        (await backwards.ProblemAsync()).AssertNamesField("endsAt");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        var list = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/v1/maintenance", Ct);
        Assert.Contains(list!, w => w.GetProperty("id").GetString() == id);
        using var deleted = await admin.DeleteAsync($"/api/admin/v1/maintenance/{id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Thresholds_DefaultsThenSaved_InvalidRefused()
    {
        var admin = app.CreateAdmin();
        var defaults = await admin.GetFromJsonAsync<JsonElement>("/api/admin/v1/thresholds", Ct);
        using var invalid = await admin.PutAsJsonAsync("/api/admin/v1/thresholds", new { freshUpTo = 2, lateUpTo = 1, staleUpTo = 10, staleAtLeastMinutes = 60, nearlyDueWorkingDays = 1, nearlyDueShareOfAllowedTime = 0.2 }, Ct);
        using var valid = await admin.PutAsJsonAsync("/api/admin/v1/thresholds", new { freshUpTo = 1.5, lateUpTo = 4, staleUpTo = 12, staleAtLeastMinutes = 90, nearlyDueWorkingDays = 2, nearlyDueShareOfAllowedTime = 0.25 }, Ct);
        var saved = await admin.GetFromJsonAsync<JsonElement>("/api/admin/v1/thresholds", Ct);

        Assert.Equal(3, defaults.GetProperty("lateUpTo").GetDouble());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        (await invalid.ProblemAsync()).AssertNamesField("lateUpTo");
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(4, saved.GetProperty("lateUpTo").GetDouble());
    }

    [Fact]
    public async Task Units_ListStandardSystemsPlusTheUnitsOwn()
    {
        var admin = app.CreateAdmin();
        using var own = await admin.PutAsJsonAsync("/api/admin/v1/units/26740/systems/queue", new { name = "Hệ thống xếp hàng", nameEn = "Queue system" }, Ct);
        using var standard = await admin.PutAsJsonAsync("/api/admin/v1/units/26740/systems/civil-status", new { name = "x", nameEn = "x" }, Ct);

        var units = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/v1/units", Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, standard.StatusCode);
        var saiGon = units!.Single(u => u.GetProperty("code").GetString() == "26740");
        Assert.Equal(7, saiGon.GetProperty("systems").GetArrayLength());
        Assert.Equal(6, units!.Single(u => u.GetProperty("code").GetString() == "26743").GetProperty("systems").GetArrayLength());
    }

    [Fact]
    public async Task IndexSheet_ValidCsv_StoresEveryRow_InvalidRowStoresNothing()
    {
        var admin = app.CreateAdmin();
        const string Sheet = "unit,indicator,value,max\n26740,total,78.5,100\n26743,total,81.25,100\nSNNMT,total,66,100\n";
        const string Bad = "unit,indicator,value,max\n26740,total,78.5,100\n26743,total,181,100\n";
        var before = await app.StoredCountAsync();

        using var ok = await PostSheetAsync(admin, Sheet);
        using var bad = await PostSheetAsync(admin, Bad);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(3, (await ok.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        (await bad.ProblemAsync()).AssertNamesField("rows[2].value");
        Assert.Equal(before + 3, await app.StoredCountAsync());
    }

    private static async Task<HttpResponseMessage> PostSheetAsync(HttpClient admin, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/v1/index-scores/sheet?indexSet=hcmc-dti-2025&period=2025")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add(IngestHeaders.IdempotencyKey, Guid.NewGuid().ToString());
        return await admin.SendAsync(request, Ct);
    }
}

/// <summary>The same tests on the embedded SQLite store.</summary>
public sealed class AdminApiTestsOnSqlite(CollectorApp app) : AdminApiTests<CollectorApp>(app);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AdminApiTestsOnPostgres(PostgresCollectorApp app) : AdminApiTests<PostgresCollectorApp>(app);
