using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using OpsCenter.Contracts;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>
/// The whole center with the simulator ON (unlike AppHost.Tests, which owns its data), started
/// once for the assembly: random ports, a throwaway data folder, health every second and an
/// expected interval of 3 s, so a ward that stops sending turns stale within about 10 s. The
/// collector and the aggregator load the national unit list, so the national-scale scenario runs
/// in the same center (the city's figures are the same with either list).
/// </summary>
public sealed class LiveCityFixture() : RunningCenter("sim", SourceKey, ServiceKey)
{
    public const string SourceKey = "sim-system-test-key";
    public const string ServiceKey = "sim-system-test-wall-key";

    protected override IEnumerable<string> Arguments =>
        ["--OpsCenter:SimulatorExpectedInterval=00:00:03", "--OpsCenter:SimulatorHealthInterval=00:00:01", "--OpsCenter:Catalogue=national"];

    /// <summary>A client for the query API through the gateway, with the wall's service key.</summary>
    public HttpClient CreateReader()
    {
        var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceKey);
        return client;
    }

    /// <summary>A client for the simulator's own API (scenarios, load, status).</summary>
    public HttpClient CreateSimulatorClient()
    {
        var client = App.CreateHttpClient("simulator", "http");
        client.Timeout = TimeSpan.FromMinutes(2);
        return client;
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(path, WireJson.Options, TestContext.Current.CancellationToken);

    /// <summary>How often a test reads the live city while waiting: its reads are whole-city queries that compete with the backfill.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Waits until the simulator's 30-day backfill is in: figures are stable from then on and scenarios act on live time.</summary>
    public async Task WaitForBackfillAsync()
    {
        using var simulator = CreateSimulatorClient();
        await Eventually.MatchAsync(() => GetJsonAsync(simulator, "/status"), BackfillDone, TimeSpan.FromMinutes(8), "the 30-day backfill in", Poll);
    }

    public static bool BackfillDone(JsonElement status) =>
        status.TryGetProperty("backfillFinishedAt", out var finished) && finished.ValueKind == JsonValueKind.String;
}
