using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using OpsCenter.Contracts;
using OpsCenter.Domain.Health;

namespace OpsCenter.AppHost.Tests;

public class CenterTests(CenterFixture center)
{
    [Fact]
    public async Task Start_EveryResource_IsHealthy()
    {
        foreach (var resource in CenterFixture.Resources)
        {
            using var client = center.App.CreateHttpClient(resource, "http");
            using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{resource} /health answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task PostedSample_IsVisibleThroughTheAggregator()
    {
        using var post = await center.PostHealthAsync([CenterFixture.Sample("27112", "civil-status", HealthStatus.Down)]);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        using var reader = center.CreateGatewayClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", CenterFixture.ServiceKey);
        var unit = await Eventually.MatchAsync(
            () => reader.GetFromJsonAsync<JsonElement>("/api/query/v1/units/27112", WireJson.Options, TestContext.Current.CancellationToken),
            u => u.GetProperty("tile").GetProperty("state").GetString() == "down", because: "unit 27112 down");

        Assert.Equal("Phường Cát Lái", unit.GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task Gateway_RoutesIngestToTheCollector()
    {
        using var client = center.CreateGatewayClient();

        var time = await client.GetFromJsonAsync<JsonElement>("/api/ingest/v1/time", TestContext.Current.CancellationToken);

        Assert.True(time.TryGetProperty("utcNow", out _));
    }

    [Fact]
    public async Task Gateway_QueryWithoutKey_Is401()
    {
        using var client = center.CreateGatewayClient();

        using var response = await client.GetAsync("/api/query/v1/units/27112", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Gateway_ServesTheWallInVietnameseWithStrictHeaders()
    {
        using var client = center.CreateGatewayClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("lang=\"vi\"", html, StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_ExposesItsOwnMetrics()
    {
        using var client = center.CreateGatewayClient();

        var metrics = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
    }
}
