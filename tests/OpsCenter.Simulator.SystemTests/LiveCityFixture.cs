using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsCenter.Contracts;

namespace OpsCenter.Simulator.SystemTests;

/// <summary>
/// The whole center with the simulator ON (unlike AppHost.Tests, which owns its data), started
/// once for the assembly: random ports, a throwaway data folder, health every second and an
/// expected interval of 3 s, so a ward that stops sending turns stale within about 10 s.
/// </summary>
public sealed class LiveCityFixture : IAsyncLifetime
{
    public const string SourceKey = "sim-system-test-key";
    public const string ServiceKey = "sim-system-test-wall-key";
    private static readonly string[] Resources = ["collector", "aggregator", "wall", "gateway", "simulator"];

    private readonly string _dataPath = Directory.CreateTempSubdirectory("opscenter-sim-").FullName;
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The center is not started.");

    /// <summary>From StartAsync until every resource was healthy.</summary>
    public TimeSpan HealthyAfter { get; private set; }

    /// <summary>Runs from the start of the center; the 60-second budget is measured on it.</summary>
    public Stopwatch SinceStart { get; } = new();

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OpsCenter_AppHost>(
            [
                $"--OpsCenter:DataPath={_dataPath}",
                $"--OpsCenter:SimulatorKey={SourceKey}",
                $"--OpsCenter:WallServiceKey={ServiceKey}",
                "--OpsCenter:SimulatorExpectedInterval=00:00:03",
                "--OpsCenter:SimulatorHealthInterval=00:00:01",
            ],
            TestContext.Current.CancellationToken);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        _app = await builder.BuildAsync(TestContext.Current.CancellationToken);

        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        SinceStart.Start();
        await _app.StartAsync(startup.Token);
        foreach (var resource in Resources)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, startup.Token);
        }
        HealthyAfter = SinceStart.Elapsed;
    }

    /// <summary>A client for the query API through the gateway, with the wall's service key.</summary>
    public HttpClient CreateReader()
    {
        var client = new HttpClient { BaseAddress = App.GetEndpoint("gateway", "http"), Timeout = TimeSpan.FromSeconds(30) };
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
