using System.Net.Http.Json;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Testing;

/// <summary>
/// The whole center, started once for every test of the assembly (a start costs ~25 s): the real
/// AppHost with random ports, a throwaway data folder and the simulator switched off, so the
/// tests own every event. Tests post as the simulator's source and read with the Wall's key.
/// </summary>
public sealed class CenterFixture : IAsyncLifetime
{
    public const string SourceKey = "e2e-simulator-key";
    public const string ServiceKey = "e2e-wall-service-key";
    public static readonly string[] Resources = ["collector", "aggregator", "wall", "gateway", "simulator"];

    private readonly string _dataPath = Directory.CreateTempSubdirectory("opscenter-e2e-").FullName;
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The center is not started.");

    public Uri GatewayUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OpsCenter_AppHost>(
            [
                $"--OpsCenter:DataPath={_dataPath}",
                $"--OpsCenter:SimulatorKey={SourceKey}",
                $"--OpsCenter:WallServiceKey={ServiceKey}",
                "--OpsCenter:Simulate=false",
            ],
            TestContext.Current.CancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        _app = await builder.BuildAsync(TestContext.Current.CancellationToken);

        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await _app.StartAsync(startup.Token);
        foreach (var resource in Resources)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, startup.Token);
        }
        GatewayUrl = _app.GetEndpoint("gateway", "http");
    }

    public HttpClient CreateGatewayClient() => new() { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Posts health samples through the gateway as the simulator's source.</summary>
    public Task<HttpResponseMessage> PostHealthAsync(IEnumerable<HealthSample> samples) => PostAsync("health", samples);

    /// <summary>Posts a batch of any kind (<c>health</c>, <c>dossiers</c>, <c>backlog</c>...) through the gateway as the simulator's source.</summary>
    public async Task<HttpResponseMessage> PostAsync<TItem>(string kind, IEnumerable<TItem> items)
    {
        using var client = CreateGatewayClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest/v1/{kind}")
        {
            Content = JsonContent.Create(new IngestBatch<TItem> { Items = [.. items] }, options: WireJson.Options),
        };
        request.Headers.Add(IngestHeaders.ApiKey, SourceKey);
        request.Headers.Add(IngestHeaders.IdempotencyKey, Guid.NewGuid().ToString());
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static HealthSample Sample(string unit, string system, Domain.Health.HealthStatus status) =>
        new() { Unit = unit, System = system, Status = status, LatencyMs = 100, CheckedAt = DateTimeOffset.UtcNow };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A service may still hold the file for a moment; the folder is under /tmp anyway.
        }
    }
}
