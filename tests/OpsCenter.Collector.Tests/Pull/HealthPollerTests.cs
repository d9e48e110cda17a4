using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;

namespace OpsCenter.Collector.Tests.Pull;

/// <summary>
/// A collector polling real health endpoints served by a small Kestrel app on loopback: healthy,
/// degraded (ASP.NET health JSON), unhealthy (503), too slow, always failing, and unreachable.
/// </summary>
public sealed class PollingCollectorApp : CollectorApp
{
    private static readonly string[] Targets = ["healthy", "degraded", "unhealthy", "slow", "failing", "unreachable"];
    private readonly WebApplication _target;
    private readonly int _closedPort = FreePort();

    public PollingCollectorApp()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort()}");
        _target = builder.Build();
        _target.MapGet("/healthy", () => "Healthy");
        _target.MapGet("/degraded", () => Results.Json(new { status = "Degraded", totalDuration = "00:00:00.01" }));
        _target.MapGet("/unhealthy", () => Results.Text("Unhealthy", statusCode: 503));
        _target.MapGet("/slow", async () =>
        {
            await Task.Delay(3000);
            return "Healthy";
        });
        _target.MapGet("/failing", () => Results.StatusCode(500));
        _target.StartAsync().GetAwaiter().GetResult();
    }

    public static string SourceOf(string target) => $"pull-{target}";

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Collector:Pull:Timeout", "00:00:00.500");
        builder.UseSetting("Collector:Pull:FailuresToOpen", "2");
        builder.UseSetting("Collector:Pull:OpenForIntervals", "30");
        builder.UseSetting("Collector:Pull:SourceRefreshInterval", "00:00:01");
        var baseUrl = _target.Urls.Single();
        for (var i = 0; i < Targets.Length; i++)
        {
            var n = 10 + i;
            var url = Targets[i] == "unreachable" ? $"http://127.0.0.1:{_closedPort}/health" : $"{baseUrl}/{Targets[i]}";
            builder.UseSetting($"Collector:SeedSources:{n}:Id", SourceOf(Targets[i]));
            builder.UseSetting($"Collector:SeedSources:{n}:Name", Targets[i]);
            builder.UseSetting($"Collector:SeedSources:{n}:Kinds:0", "health");
            builder.UseSetting($"Collector:SeedSources:{n}:Units:0", WardUnit);
            builder.UseSetting($"Collector:SeedSources:{n}:ExpectedInterval", "00:00:01");
            builder.UseSetting($"Collector:SeedSources:{n}:HealthUrl", url);
            builder.UseSetting($"Collector:SeedSources:{n}:HealthSystem", "civil-status");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _target.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public class HealthPollerTests(PollingCollectorApp app) : IClassFixture<PollingCollectorApp>
{
    private async Task<List<HealthSample>> SamplesOfAsync(string target, int atLeast)
    {
        _ = app.Server; // start the collector and its poller
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var samples = (await app.Log.ReadAfterAsync(0, 10_000, TestContext.Current.CancellationToken))
                .Where(e => e.Source == PollingCollectorApp.SourceOf(target))
                .Select(e => JsonSerializer.Deserialize<HealthSample>(e.Payload, WireJson.Options)!)
                .ToList();
            if (samples.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                Assert.True(samples.Count >= atLeast, $"{target}: {samples.Count} samples, expected {atLeast}");
                return samples;
            }
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Poll_HealthyEndpoint_RecordsUpWithLatency()
    {
        var sample = (await SamplesOfAsync("healthy", 1))[0];

        Assert.Equal(HealthStatus.Up, sample.Status);
        Assert.Equal("26740", sample.Unit);
        Assert.Equal("civil-status", sample.System);
        Assert.NotNull(sample.LatencyMs);
    }

    [Theory]
    [InlineData("degraded", HealthStatus.Degraded, "Degraded")]
    [InlineData("unhealthy", HealthStatus.Down, "HTTP 503 Unhealthy")]
    [InlineData("slow", HealthStatus.Down, "timeout after 0.5 s")]
    [InlineData("unreachable", HealthStatus.Down, "unreachable: ConnectionError")]
    public async Task Poll_ProblemEndpoint_RecordsStatusAndReason(string target, HealthStatus status, string detail)
    {
        var sample = (await SamplesOfAsync(target, 1))[0];

        Assert.Equal(status, sample.Status);
        Assert.Equal(detail, sample.Detail);
    }

    [Fact]
    public async Task Poll_FailingEndpoint_OpensTheCircuitAndStillReportsDown()
    {
        var samples = await SamplesOfAsync("failing", 4);

        Assert.All(samples, s => Assert.Equal(HealthStatus.Down, s.Status));
        Assert.Equal("HTTP 500", samples[0].Detail);
        Assert.StartsWith("not checked: 2 failures in a row", samples[^1].Detail, StringComparison.Ordinal);
    }
}
