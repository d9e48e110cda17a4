using System.Diagnostics;
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

    /// <summary>Waits until the simulator's 30-day backfill is in: figures are stable from then on and scenarios act on live time.</summary>
    public async Task WaitForBackfillAsync()
    {
        using var simulator = CreateSimulatorClient();
        var status = await EventuallyAsync(() => GetJsonAsync(simulator, "/status"), BackfillDone, TimeSpan.FromMinutes(8));
        Assert.True(BackfillDone(status), $"the backfill was not done 8 minutes after the test started waiting: {status}");
    }

    private static bool BackfillDone(JsonElement status) =>
        status.TryGetProperty("backfillFinishedAt", out var finished) && finished.ValueKind == JsonValueKind.String;

    /// <summary>Polls until <paramref name="done"/> holds or the time runs out; returns the last value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || deadline.Elapsed > within)
            {
                return value;
            }
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
    }
}
