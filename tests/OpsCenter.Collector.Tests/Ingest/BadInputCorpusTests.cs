using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsCenter.Collector.Tests.Ingest;

/// <summary>The corpus: every endpoint, each with whole-body and field-by-field malformations.</summary>
public static class BadInputCorpus
{
    private static readonly string Now = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

    /// <summary>A valid item per endpoint, and which fields hold codes, free text, counts and times.</summary>
    private static readonly (string Path, string Valid, string[] Codes, string[] Texts, string[] Numbers, string[] Times)[] Kinds =
    [
        ("health",
            $$"""{ "unit": "26740", "system": "civil-status", "status": "up", "latencyMs": 120, "checkedAt": "{{Now}}", "detail": "ok" }""",
            ["unit", "system", "status"], ["detail"], ["latencyMs"], ["checkedAt"]),
        ("dossiers",
            $$"""{ "dossierId": "G01-0001", "procedureCode": "1.001757", "procedureName": "Trích lục", "unit": "26740", "channel": 2, "status": 4, "at": "{{Now}}" }""",
            ["dossierId", "procedureCode", "unit"], ["procedureName"], ["channel", "status"], ["at"]),
        ("backlog",
            """{ "unit": "26740", "day": "2025-11-01", "carriedOver": 10, "received": 5, "inProgressLate": 1, "inProgressNearlyDue": 1, "inProgressNotDue": 3, "processedOnTime": 4, "processedLate": 1 }""",
            ["unit"], [], ["carriedOver", "received", "inProgressLate", "processedOnTime"], []),
        ("index-scores",
            $$"""{ "indexSet": "qd766", "period": "2025-W47", "unit": "79", "indicator": "total", "value": 85.16, "max": 100, "publishedAt": "{{Now}}" }""",
            ["indexSet", "period", "unit", "indicator"], [], ["value", "max"], ["publishedAt"]),
        ("incidents",
            $$"""{ "incidentId": "F-1", "unit": "26740", "kind": "flood", "severity": 2, "status": "open", "at": "{{Now}}", "title": "Ngập", "measurements": { "rainfallMm": 80 } }""",
            ["incidentId", "unit", "kind", "status"], ["title"], ["severity"], ["at"]),
    ];

    private static readonly string[] WholeBodies =
    [
        "", " ", "{", "}", "[]", "null", "true", "123", "\"items\"", "{\"items\": \"x\"}", "{\"items\": {}}",
        "{\"items\": [1, 2]}", "{\"items\": [null]}", "{\"items\": [[]]}", "{\"items\": [{}]}", "{\"items\": []}",
        "{\"items\": [], \"extra\": 1}", "{\"Items\": [{\"unit\": 1e999}]}", "{\"items\": [{\"unit\": \"26740\"}]",
        "{'items': []}", "{\"items\": [{\"unit\": \"26740\",}]}", "\uFEFF{\"items\": 5}",
        new string('[', 10_000), "{\"items\": [" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) + "]}",
        "{\"items\": [{\"unit\": \"" + new string('9', 3_000_000) + "\"}]}",
    ];

    private static readonly string[] BadCodes =
    [
        "123", "true", "{}", "[]", "\"\"", "\"   \"", "\"'; DROP TABLE events;--\"", "\"<script>alert(1)</script>\"",
        "\"26740\\u0000\"", "\"" + new string('x', 5000) + "\"", "\"../../etc/passwd\"", "\"${jndi:ldap://x}\"",
        "\"Robert'); DELETE FROM sources;--\"",
    ];

    private static readonly string[] BadTexts =
    [
        "123", "{}", "[\"a\"]", "\"line\\nbreak\"", "\"\\u0007bell\"", "\"" + new string('x', 5000) + "\"", "\"CCCD 079123456789\"", "\"mail a@b.vn\"",
        "\"\\u202Egn\u1eadp\"", "\"ok \\u2066hidden\\u2069\"", "\"\\u200F\"", "\"\\u200B\\u200B\"", "\"\\u3164\"", "\"\\u2060\\uFEFF \"", "\"\\u0301\\u0301\"",
    ];

    private static readonly string[] BadNumbers = ["\"12\"", "-1", "1.5", "1e20", "true", "{}", "[]", "-2147483649", "null"];

    private static readonly string[] BadTimes =
    [
        "\"yesterday\"", "\"2025-13-45T00:00:00Z\"", "12345", "\"2099-01-01T00:00:00Z\"", "\"1900-01-01T00:00:00Z\"", "null", "{}",
        "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00+07:00\"", "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59-07:00\"",
        "\"5000-01-01T00:00:00Z\"", "\"1999-12-31T23:59:59.9999999Z\"",
    ];

    // Dates for a local day (backlog counts): unparseable, before 2000, not begun yet.
    private static readonly string[] BadDays = ["\"0001-01-01\"", "\"9999-12-31\"", "\"1999-12-31\"", "\"2099-01-01\"", "\"2025-02-30\"", "\"2025-11-28T00:00:00Z\"", "null", "1"];

    // Promised times (appointments) are optional: absent is fine, absurd is not.
    private static readonly string[] BadPromises = [.. BadTimes.Where(t => t != "null"), "\"2200-01-01T00:00:00+07:00\""];

    public static TheoryData<string, string, string> Cases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var kind in Kinds)
        {
            foreach (var (body, i) in WholeBodies.Select((b, i) => (b, i)))
            {
                cases.Add(kind.Path, $"body #{i}", body);
            }
            void Corrupt(string[] fields, string[] values)
            {
                foreach (var field in fields)
                {
                    foreach (var value in values)
                    {
                        var item = JsonNode.Parse(kind.Valid)!.AsObject();
                        item[field] = JsonNode.Parse(value);
                        var bodyText = "{\"items\": [" + item.ToJsonString() + "]}";
                        // An item property set to JSON null (e.g. "unit": null) must still be refused.
                        cases.Add(kind.Path, $"{field} = {(value.Length > 40 ? value[..40] + "…" : value)}", bodyText);
                    }
                }
            }
            Corrupt(kind.Codes, BadCodes);
            Corrupt(["unit"], ["\"99999\"", "\"27109\"", "\"79 \"", "null"]);
            Corrupt(kind.Texts, BadTexts);
            Corrupt(kind.Numbers, kind.Path switch
            {
                "index-scores" => [.. BadNumbers.Where(n => n is not ("1.5" or "1e20"))],
                "health" => [.. BadNumbers.Where(n => n != "null")], // latencyMs is optional
                _ => BadNumbers,
            });
            Corrupt(kind.Times, BadTimes);
            switch (kind.Path)
            {
                case "backlog":
                    Corrupt(["day"], BadDays);
                    break;
                case "dossiers":
                    Corrupt(["appointmentAt"], BadPromises);
                    foreach (var value in BadPromises)
                    {
                        var item = JsonNode.Parse(kind.Valid)!.AsObject();
                        item["apology"] = JsonNode.Parse($$"""{ "issuedAt": "{{Now}}", "newAppointmentAt": {{value}} }""");
                        cases.Add(kind.Path, $"apology.newAppointmentAt = {value}", "{\"items\": [" + item.ToJsonString() + "]}");
                    }
                    break;
                default:
                    break;
            }
        }
        return cases;
    }
}

/// <summary>
/// Hundreds of malformed, hostile or nonsensical batches against every ingest endpoint: each gets
/// a 4xx problem (never a 5xx) and not one row is stored.
/// </summary>
public abstract class BadInputCorpusTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : CollectorApp
{
    [Fact]
    public void Corpus_HasAtLeast200Cases() => Assert.True(BadInputCorpus.Cases().Count >= 200, $"only {BadInputCorpus.Cases().Count} cases");

    [Theory]
    [MemberData(nameof(BadInputCorpus.Cases), MemberType = typeof(BadInputCorpus))]
    public async Task Post_BadInput_Is4xxProblemAndStoresNothing(string kind, string description, string body)
    {
        var before = await app.StoredCountAsync();

        using var response = await app.PostAsync($"/api/ingest/v1/{kind}", body, CollectorApp.AllKindsKey);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{kind} / {description}: answered {status}");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        await response.ProblemAsync();
        Assert.Equal(before, await app.StoredCountAsync());
    }
}

/// <summary>The same tests on the embedded SQLite store.</summary>
public sealed class BadInputCorpusTestsOnSqlite(CollectorApp app) : BadInputCorpusTests<CollectorApp>(app);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class BadInputCorpusTestsOnPostgres(PostgresCollectorApp app) : BadInputCorpusTests<PostgresCollectorApp>(app);
