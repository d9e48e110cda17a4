using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Collector.Tests.Ingest;

public abstract class HealthIngestTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : CollectorApp
{
    private static string Now => DateTimeOffset.UtcNow.ToString("O");

    private static string Sample(string unit = CollectorApp.WardUnit, string status = "up", string? checkedAt = null, string extra = "") =>
        $$"""{ "unit": "{{unit}}", "system": "civil-status", "status": "{{status}}", "latencyMs": 120, "checkedAt": "{{checkedAt ?? Now}}"{{extra}} }""";

    private static string Body(params string[] items) => $$"""{ "items": [{{string.Join(",", items)}}] }""";

    private async Task<HttpResponseMessage> PostAsync(string body, string? key = CollectorApp.WardKey, string? idempotencyKey = null)
    {
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/v1/health")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add(IngestHeaders.ApiKey, key);
        }
        request.Headers.Add(IngestHeaders.IdempotencyKey, idempotencyKey ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement;
    }

    private static void AssertNamesField(JsonElement problem, string field) =>
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");

    [Fact]
    public async Task Post_ValidBatch_StoresEveryItemAndAcknowledges()
    {
        var before = await app.StoredCountAsync();

        using var response = await PostAsync(Body(Sample(), Sample(status: "down")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<IngestAck>(TestContext.Current.CancellationToken);
        Assert.Equal(2, ack!.Accepted);
        Assert.False(ack.Replayed);
        Assert.Equal(before + 2, await app.StoredCountAsync());
        var stored = await app.Log.ReadAfterAsync(before, 10, TestContext.Current.CancellationToken);
        Assert.All(stored, e => Assert.Equal("ward-a", e.Source));
        Assert.Contains("\"status\":\"down\"", stored[1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WithoutKey_Is401Problem()
    {
        using var response = await PostAsync(Body(Sample()), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task Post_UnknownKey_Is401AndStoresNothing()
    {
        var before = await app.StoredCountAsync();

        using var response = await PostAsync(Body(Sample()), key: "not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await app.StoredCountAsync());
    }

    [Fact]
    public async Task Post_OtherUnitsData_Is403AndStoresNothing()
    {
        var before = await app.StoredCountAsync();

        using var response = await PostAsync(Body(Sample(), Sample(unit: "26743")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("items[1].unit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.StoredCountAsync());
    }

    [Fact]
    public async Task Post_KindTheSourceMayNotSend_Is403()
    {
        using var response = await PostAsync(Body(Sample()), key: CollectorApp.DocsOnlyKey);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Post_CitySource_MayWriteAnyUnit()
    {
        using var response = await PostAsync(Body(Sample(unit: "26743"), Sample(unit: "27112")), key: CollectorApp.CityKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("\"status\": \"sideways\"", "items[0].status")]
    [InlineData("\"status\": 1", "items[0].status")]
    [InlineData("\"latencyMs\": \"fast\"", "items[0].latencyMs")]
    [InlineData("\"checkedAt\": \"yesterday\"", "items[0].checkedAt")]
    [InlineData("\"applicantName\": \"Nguyễn Văn A\"", "items[0].applicantName")]
    public async Task Post_MalformedField_Is400NamingTheField(string field, string expected)
    {
        var item = $$"""{ "unit": "{{CollectorApp.WardUnit}}", "system": "civil-status", "status": "up", "checkedAt": "{{Now}}", {{field}} }""";
        var body = Body(item).Replace("\"status\": \"up\", \"status\"", "\"status\"", StringComparison.Ordinal);

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNamesField(await ProblemAsync(response), expected);
    }

    [Theory]
    [InlineData("", "system")]
    [InlineData(", \"latencyMs\": -5", "latencyMs")]
    [InlineData(", \"detail\": \"CCCD 079123456789\"", "detail")]
    [InlineData(", \"detail\": \"gọi 0903123456\"", "detail")]
    public async Task Post_InvalidValue_Is400NamingTheField(string extra, string field)
    {
        var item = field == "system"
            ? $$"""{ "unit": "{{CollectorApp.WardUnit}}", "system": "nonsense", "status": "up", "checkedAt": "{{Now}}" }"""
            : Sample(extra: extra);

        using var response = await PostAsync(Body(item));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNamesField(await ProblemAsync(response), $"items[0].{field}");
    }

    [Fact]
    public async Task Post_UnknownUnit_Is400NamingTheField()
    {
        using var response = await PostAsync(Body(Sample(unit: "99999")), key: CollectorApp.CityKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNamesField(await ProblemAsync(response), "items[0].unit");
    }

    [Fact]
    public async Task Post_TimeMoreThanFiveMinutesAhead_Is400()
    {
        using var response = await PostAsync(Body(Sample(checkedAt: DateTimeOffset.UtcNow.AddMinutes(6).ToString("O"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNamesField(await ProblemAsync(response), "items[0].checkedAt");
    }

    [Fact]
    public async Task Post_OneBadItem_StoresNothingAndListsOnlyThatIndex()
    {
        var before = await app.StoredCountAsync();

        using var response = await PostAsync(Body(Sample(), Sample(status: "broken"), Sample()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.Equal(["items[1].status"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal(before, await app.StoredCountAsync());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"items\": []}")]
    [InlineData("{\"items\": null}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Post_MalformedBody_Is400Problem(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task Post_TooManyItems_Is413()
    {
        var items = Enumerable.Repeat(Sample(), IngestBatch<HealthSample>.MaxItems + 1).ToArray();

        using var response = await PostAsync(Body(items));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Is413()
    {
        using var response = await PostAsync(Body(Sample(extra: $", \"detail\": \"{new string('x', 2_000_000)}\"")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_SameKeySameBody_ReplaysWithoutStoringAgain()
    {
        var body = Body(Sample());
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync(body, idempotencyKey: key);
        var afterFirst = await app.StoredCountAsync();

        using var second = await PostAsync(body, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var ack = await second.Content.ReadFromJsonAsync<IngestAck>(TestContext.Current.CancellationToken);
        Assert.True(ack!.Replayed);
        Assert.Equal(1, ack.Accepted);
        Assert.Equal(afterFirst, await app.StoredCountAsync());
    }

    [Fact]
    public async Task Post_SameKeyOtherBody_Is409()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync(Body(Sample()), idempotencyKey: key);
        var afterFirst = await app.StoredCountAsync();

        using var second = await PostAsync(Body(Sample(status: "down")), idempotencyKey: key);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        await ProblemAsync(second);
        Assert.Equal(afterFirst, await app.StoredCountAsync());
    }

    [Fact]
    public async Task Post_WithoutIdempotencyKey_Is400NamingTheHeader()
    {
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/v1/health")
        {
            Content = new StringContent(Body(Sample()), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(IngestHeaders.ApiKey, CollectorApp.WardKey);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNamesField(await ProblemAsync(response), IngestHeaders.IdempotencyKey);
    }

    [Fact]
    public async Task GetTime_ReturnsServerTimeInUtc()
    {
        var time = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/ingest/v1/time", TestContext.Current.CancellationToken);

        var now = time.GetProperty("utcNow").GetDateTimeOffset();
        Assert.InRange(now, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}

/// <summary>The same tests on the embedded SQLite store.</summary>
public sealed class HealthIngestTestsOnSqlite(CollectorApp app) : HealthIngestTests<CollectorApp>(app);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class HealthIngestTestsOnPostgres(PostgresCollectorApp app) : HealthIngestTests<PostgresCollectorApp>(app);
