using System.Net.Http.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Tests;

/// <summary>
/// The whole center, started once for every test of the assembly (a start costs ~25 s): the real
/// AppHost with random ports, a throwaway data folder and the simulator switched off, so the
/// tests own every event. Tests post as the simulator's source and read with the Wall's key.
/// </summary>
public sealed class CenterFixture() : RunningCenter("e2e", SourceKey, ServiceKey)
{
    public const string SourceKey = "e2e-simulator-key";
    public const string ServiceKey = "e2e-wall-service-key";

    /// <summary>A reader key of unit 26740 only (the aggregator's Readers:ScopedKeys).</summary>
    public const string ScopedReaderKey = "e2e-reader-key-26740";
    public const string ScopedReaderUnit = "26740";

    // Every service lists its endpoints (/_opscenter/routes, never through the gateway) for the authorisation matrix.
    protected override IEnumerable<string> Arguments =>
    [
        "--OpsCenter:Simulate=false",
        "--OpsCenter:ExposeRoutes=true",
        // A waiting address stays waiting while a test looks, however loaded the machine.
        "--OpsCenter:SignInFirstDelay=00:02:00",
        // An alert waits 2 s (not 30) for more units of its cause, so alert tests see it fire within seconds.
        "--OpsCenter:AlertGroupWait=00:00:02",
        $"--OpsCenter:ScopedReaders:0:Key={ScopedReaderKey}",
        $"--OpsCenter:ScopedReaders:0:Unit={ScopedReaderUnit}",
    ];

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
        new() { Unit = unit, System = system, Status = status, LatencyMs = 100, CheckedAt = TestClock.UtcNow };
}
