using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Collector.Tests;

/// <summary>Posts raw bodies the way a source would, and reads problems the way its IT person would.</summary>
public static class IngestClient
{
    public static async Task<HttpResponseMessage> PostAsync(this CollectorApp app, string path, string body, string? key, string? idempotencyKey = null)
    {
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
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

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement;
    }

    public static void AssertNamesField(this JsonElement problem, string field) =>
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"errors should name '{field}': {problem}");

    public static string Batch(params string[] items) => $$"""{ "items": [{{string.Join(",", items)}}] }""";

    public static string Iso(DateTimeOffset time) => time.ToString("O");

    public static MediaTypeHeaderValue Json => new("application/json");
}
