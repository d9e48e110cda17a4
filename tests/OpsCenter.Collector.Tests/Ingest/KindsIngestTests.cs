using System.Net;
using System.Text.Json;
using static OpsCenter.Collector.Tests.IngestClient;

namespace OpsCenter.Collector.Tests.Ingest;

/// <summary>Every data kind beside health: accepted when valid, refused field by field when not.</summary>
public abstract class KindsIngestTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : CollectorApp
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static string Dossier(string unit = CollectorApp.WardUnit, string extra = "", int status = 2, string? at = null) =>
        $$"""
        { "dossierId": "G01.79.26740-251128-0042", "procedureCode": "1.001757", "procedureName": "Cấp bản sao trích lục quyết định số nhà",
          "unit": "{{unit}}", "channel": 2, "status": {{status}}, "at": "{{at ?? Iso(Now.AddMinutes(-5))}}",
          "appointmentAt": "{{Iso(Now.AddDays(5))}}", "paidOnline": true, "digitised": true{{extra}} }
        """;

    private static string Backlog(string extra = "", int carried = 120, int received = 45) =>
        $$"""
        { "unit": "{{CollectorApp.WardUnit}}", "day": "{{DateOnly.FromDateTime(Now.AddDays(-1).UtcDateTime):yyyy-MM-dd}}", "carriedOver": {{carried}}, "received": {{received}},
          "inProgressLate": 4, "inProgressNearlyDue": 6, "inProgressNotDue": 80, "processedOnTime": 70, "processedLate": 2,
          "processedNotCollected": 9, "apologyLetters": 2, "receivedOnline": 30{{extra}} }
        """;

    private static string Index(string set = "qd766", string period = "2025-W47", decimal value = 85.16m, decimal max = 100) =>
        $$"""
        { "indexSet": "{{set}}", "period": "{{period}}", "unit": "79", "indicator": "total", "value": {{value}}, "max": {{max}},
          "publishedAt": "{{Iso(Now.AddDays(-1))}}" }
        """;

    private static string Incident(string extra = "", int severity = 3, string title = "Ngập đường Tôn Đức Thắng") =>
        $$"""
        { "incidentId": "FLOOD-2025-11-27-01", "unit": "{{CollectorApp.WardUnit}}", "kind": "flood", "severity": {{severity}},
          "status": "open", "at": "{{Iso(Now.AddMinutes(-30))}}", "title": "{{title}}",
          "measurements": { "rainfallMm": 112.5, "floodDepthCm": 35, "householdsEvacuated": 12{{extra}} } }
        """;

    private async Task<(HttpResponseMessage Response, long Stored)> PostAsync(string path, string body, string key = CollectorApp.AllKindsKey)
    {
        var before = await app.StoredCountAsync();
        var response = await app.PostAsync(path, body, key);
        return (response, await app.StoredCountAsync() - before);
    }

    [Theory]
    [InlineData("/api/ingest/v1/dossiers", "dossier")]
    [InlineData("/api/ingest/v1/backlog", "backlog")]
    [InlineData("/api/ingest/v1/index-scores", "index")]
    [InlineData("/api/ingest/v1/incidents", "incident")]
    public async Task Post_ValidItem_IsStoredUnderItsKind(string path, string kind)
    {
        var body = kind switch
        {
            "dossier" => Batch(Dossier(), Dossier(status: 4)),
            "backlog" => Batch(Backlog()),
            "index" => Batch(Index(), Index(set: "hcmc-dti-2025", period: "2025", value: 71.5m)),
            _ => Batch(Incident()),
        };
        var before = await app.StoredCountAsync();

        using var response = await app.PostAsync(path, body, CollectorApp.AllKindsKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.Log.ReadAfterAsync(before, 10, TestContext.Current.CancellationToken);
        Assert.NotEmpty(stored);
        Assert.All(stored, e => Assert.Equal(kind, e.Kind));
    }

    [Theory]
    [InlineData(", \"status\": 11", "status")]
    [InlineData(", \"channel\": 0", "channel")]
    [InlineData(", \"dossierId\": \"079123456789\"", "dossierId")]
    [InlineData(", \"dossierId\": \"a b\"", "dossierId")]
    [InlineData(", \"procedureName\": \"Liên hệ 0903123456\"", "procedureName")]
    [InlineData(", \"legalLimitDays\": -1", "legalLimitDays")]
    [InlineData(", \"apology\": { \"issuedAt\": \"2025-11-27T08:00:00+07:00\" }", "apology.newAppointmentAt")]
    [InlineData(", \"legalLimitDays\": 366", "legalLimitDays")]
    [InlineData(", \"appointmentAt\": \"9999-12-31T00:00:00Z\"", "appointmentAt")]
    [InlineData(", \"appointmentAt\": \"9999-12-31T23:59:59-07:00\"", "appointmentAt")]
    [InlineData(", \"appointmentAt\": \"5000-01-01T00:00:00+07:00\"", "appointmentAt")]
    [InlineData(", \"appointmentAt\": \"0001-01-01T00:00:00+07:00\"", "appointmentAt")]
    [InlineData(", \"appointmentAt\": \"1999-12-31T23:59:59Z\"", "appointmentAt")]
    [InlineData(", \"apology\": { \"issuedAt\": \"2025-11-27T08:00:00+07:00\", \"newAppointmentAt\": \"9999-12-31T00:00:00Z\" }", "apology.newAppointmentAt")]
    [InlineData(", \"apology\": { \"issuedAt\": \"0001-01-01T00:00:00Z\", \"newAppointmentAt\": \"2025-12-31T00:00:00Z\" }", "apology.issuedAt")]
    [InlineData(", \"procedureName\": \"\u202Eevil\"", "procedureName")]
    [InlineData(", \"procedureName\": \"\u200B\u2060\u3164\"", "procedureName")]
    [InlineData(", \"applicantName\": \"Trần Thị B\"", "applicantName")]
    [InlineData(", \"idNumber\": \"079123456789\"", "idNumber")]
    public async Task PostDossier_InvalidField_Is400NamingIt(string extra, string field)
    {
        // Later duplicates of a property win in System.Text.Json, so "extra" overrides the valid value.
        var (response, stored) = await PostAsync("/api/ingest/v1/dossiers", Batch(Dossier(extra: extra)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField($"items[0].{field}");
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task PostDossier_OldUnitCodeBeforeTheReform_CountsForTheSuccessor()
    {
        var before = await app.StoredCountAsync();
        var old = Dossier(unit: "27109", status: 10, at: "2025-03-14T09:00:00+07:00").Replace(Iso(Now.AddDays(5)), "2025-03-20T17:00:00+07:00", StringComparison.Ordinal);

        using var response = await app.PostAsync("/api/ingest/v1/dossiers", Batch(old), CollectorApp.AllKindsKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await app.Log.ReadAfterAsync(before, 10, TestContext.Current.CancellationToken));
        Assert.Equal("27112", stored.Unit); // new Phường Cát Lái
        Assert.Contains("\"unit\":\"27109\"", stored.Payload, StringComparison.Ordinal); // what the source said is kept
    }

    [Fact]
    public async Task PostDossier_OldUnitCodeAfterTheReform_IsUnknown()
    {
        var (response, stored) = await PostAsync("/api/ingest/v1/dossiers", Batch(Dossier(unit: "27109")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField("items[0].unit");
        Assert.Equal(0, stored);
    }

    [Theory]
    [InlineData(", \"received\": -1", "received")]
    [InlineData(", \"toHandle\": 999", "toHandle")]
    [InlineData(", \"receivedOnline\": 46", "receivedOnline")]
    [InlineData(", \"processedOnTime\": 1000", "inProgressLate")]
    [InlineData(", \"day\": \"2099-01-01\"", "day")]
    [InlineData(", \"day\": null", "day")]
    [InlineData(", \"day\": \"0001-01-01\"", "day")]
    [InlineData(", \"day\": \"9999-12-31\"", "day")]
    [InlineData(", \"day\": \"1999-12-31\"", "day")]
    public async Task PostBacklog_InconsistentCounts_Is400NamingTheField(string extra, string field)
    {
        var (response, stored) = await PostAsync("/api/ingest/v1/backlog", Batch(Backlog(extra)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField($"items[0].{field}");
        Assert.Equal(0, stored);
    }

    [Theory]
    [InlineData("qd766", "2025-W47", 101, 100, "value")]
    [InlineData("qd766", "2025-W47", 85, 101, "max")]
    [InlineData("qd766", "2025-W47", 85, 100.5, "max")]
    [InlineData("qd766", "2025-W47", -1, 100, "value")]
    [InlineData("galaxy-index", "2025", 5, 10, "indexSet")]
    [InlineData("national-dti", "2025-W54", 5, 10, "period")]
    [InlineData("national-dti", "last week", 5, 10, "period")]
    [InlineData("national-dti", "2099-Q1", 5, 10, "period")]
    public async Task PostIndexScore_Invalid_Is400NamingTheField(string set, string period, decimal value, decimal max, string field)
    {
        var (response, stored) = await PostAsync("/api/ingest/v1/index-scores", Batch(Index(set, period, value, max)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name == $"items[0].{field}"), problem.ToString());
        Assert.Equal(0, stored);
    }

    [Theory]
    [InlineData(", \"lootedGold\": 3", 3, "measurements.lootedGold")]
    [InlineData(", \"rainfallMm\": -4", 3, "measurements.rainfallMm")]
    [InlineData("", 5, "severity")]
    public async Task PostIncident_Invalid_Is400NamingTheField(string extra, int severity, string field)
    {
        var (response, stored) = await PostAsync("/api/ingest/v1/incidents", Batch(Incident(extra, severity)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField($"items[0].{field}");
        Assert.Equal(0, stored);
    }

    [Theory]
    [InlineData("\\u202Egn\u1eadp \u0111\u01b0\u1eddng")] // right-to-left override: shown reversed on the ops wall
    [InlineData("Ng\u1eadp \\u2067\u0111\u01b0\u1eddng\\u2069")]
    [InlineData("\\u200B\\u200B\\u200B")] // zero-width spaces only
    [InlineData("\\u3164\\u3164")] // Hangul fillers: look like nothing
    public async Task PostIncident_TitleThatReversesOrShowsNothing_Is400NamingIt(string title)
    {
        var (response, stored) = await PostAsync("/api/ingest/v1/incidents", Batch(Incident(title: title)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        (await response.ProblemAsync()).AssertNamesField("items[0].title");
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task PostDossier_AppointmentWithinFiveYearsOfTheEvent_IsAccepted_AndBeyondIsRefused()
    {
        var at = Now.AddMinutes(-5);
        var within = Dossier(extra: $", \"appointmentAt\": \"{Iso(at.AddYears(5).AddDays(-1))}\"");
        var beyond = Dossier(extra: $", \"appointmentAt\": \"{Iso(at.AddYears(5).AddDays(2))}\"");

        var (accepted, stored) = await PostAsync("/api/ingest/v1/dossiers", Batch(within));
        var (refused, _) = await PostAsync("/api/ingest/v1/dossiers", Batch(beyond));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, stored);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        (await refused.ProblemAsync()).AssertNamesField("items[0].appointmentAt");
    }

    [Fact]
    public async Task Post_KindOutsideTheSourcesKinds_Is403()
    {
        var (response, stored) = await PostAsync("/api/ingest/v1/incidents", Batch(Incident()), CollectorApp.DocsOnlyKey);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, stored);
    }

    [Fact]
    public async Task Post_DossierWithTheSourcesKind_IsAccepted()
    {
        var (response, stored) = await PostAsync("/api/ingest/v1/dossiers", Batch(Dossier()), CollectorApp.DocsOnlyKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task OpenApi_DescribesEveryIngestEndpoint()
    {
        var doc = await app.CreateClient().GetStringAsync("/api/ingest/v1/openapi.json", TestContext.Current.CancellationToken);
        var paths = JsonDocument.Parse(doc).RootElement.GetProperty("paths");

        foreach (var path in new[] { "health", "dossiers", "backlog", "index-scores", "incidents", "time" })
        {
            Assert.True(paths.TryGetProperty($"/api/ingest/v1/{path}", out _), $"missing /api/ingest/v1/{path}");
        }
    }
}

/// <summary>The same tests on the embedded SQLite store.</summary>
public sealed class KindsIngestTestsOnSqlite(CollectorApp app) : KindsIngestTests<CollectorApp>(app);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class KindsIngestTestsOnPostgres(PostgresCollectorApp app) : KindsIngestTests<PostgresCollectorApp>(app);
