using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Benchmarks.Live;

/// <summary>
/// The real collector and aggregator (and optionally the gateway) as their own processes, built in
/// this configuration, over one SQLite store in a temporary folder, as the embedded default runs.
/// </summary>
internal sealed class LiveServers : IDisposable
{
    public const string ReaderKey = "bench-reader-key-0123456789abcdef";

    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-live-bench.").FullName;

    private LiveServers()
    {
    }

    public ServerProcess Collector { get; private set; } = null!;

    public ServerProcess? Aggregator { get; private set; }

    public ServerProcess? Gateway { get; private set; }

    public string Folder => _folder;

    public static async Task<LiveServers> StartAsync(bool gateway = false)
    {
        var servers = new LiveServers();
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Store__DataPath"] = servers._folder,
                ["Collector__SeedSources__0__Id"] = "bench",
                ["Collector__SeedSources__0__Name"] = "bench",
                ["Collector__SeedSources__0__Key"] = IngestBenchmark.Key,
                ["Collector__SeedSources__0__ExpectedInterval"] = "00:01:00",
                ["Collector__RateLimit__RequestsPerSecond"] = "100000",
                ["Collector__RateLimit__Burst"] = "100000",
            };
            for (var i = 0; i < IngestKind.All.Count; i++)
            {
                environment[$"Collector__SeedSources__0__Kinds__{i}"] = IngestKind.All[i].DataKind;
            }
            servers.Collector = await ServerProcess.StartAsync(Dll("OpsCenter.Collector"), [], environment);
            await servers.StartAggregatorAsync();
            if (gateway)
            {
                servers.Gateway = await ServerProcess.StartAsync(Dll("OpsCenter.Gateway"), [], new Dictionary<string, string>
                {
                    ["ReverseProxy__Clusters__collector__Destinations__d1__Address"] = servers.Collector.Url.ToString(),
                    ["ReverseProxy__Clusters__aggregator__Destinations__d1__Address"] = servers.Aggregator!.Url.ToString(),
                    ["ReverseProxy__Clusters__wall__Destinations__d1__Address"] = "http://127.0.0.1:9",
                });
            }
            return servers;
        }
        catch
        {
            servers.Dispose();
            throw;
        }
    }

    /// <summary>(Re)starts the aggregator over the store; the previous one is killed first.</summary>
    public async Task<ServerProcess> StartAggregatorAsync(IReadOnlyDictionary<string, string>? settings = null, TimeSpan? healthTimeout = null, string? folder = null)
    {
        Aggregator?.Dispose();
        Aggregator = null;
        Aggregator = await StartAggregatorOnAsync(folder ?? _folder, settings, healthTimeout);
        return Aggregator;
    }

    public static Task<ServerProcess> StartAggregatorOnAsync(string folder, IReadOnlyDictionary<string, string>? settings = null, TimeSpan? healthTimeout = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Store__DataPath"] = folder,
            ["Readers__ServiceKeys__0"] = ReaderKey,
            ["Logging__LogLevel__OpsCenter.Aggregator.Live"] = "Information",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        return ServerProcess.StartAsync(Dll("OpsCenter.Aggregator"), [], environment, healthTimeout);
    }

    public static string Dll(string project) => Path.Combine(ServerProcess.OutputOf(project), project + ".dll");

    /// <summary>The hub's WebSocket address on a server (aggregator or gateway), with the reader key.</summary>
    public static Uri HubUri(Uri server) =>
        new($"ws://{server.Host}:{server.Port}/hubs/live?access_token={ReaderKey}");

    public void Dispose()
    {
        Gateway?.Dispose();
        Aggregator?.Dispose();
        Collector?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Posts health samples to the collector's ingest API with the bench source's key.</summary>
internal sealed class HealthPoster(Uri collector) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 16 })
    {
        BaseAddress = collector,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private long _batch;

    public async Task<(bool Ok, string? Error)> PostAsync(IReadOnlyList<HealthSample> samples)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { items = samples }, WireJson.Options);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest/v1/health") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(IngestHeaders.ApiKey, IngestBenchmark.Key);
        request.Headers.Add(IngestHeaders.IdempotencyKey, $"{_run}-{Interlocked.Increment(ref _batch)}");
        try
        {
            using var response = await _client.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return (true, null);
            }
            var text = await response.Content.ReadAsStringAsync();
            return (false, $"{(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, e.Message);
        }
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>The machine and its load, for the report.</summary>
internal static class Machine
{
    public static string Describe() => FormattableString.Invariant(
        $"{Environment.ProcessorCount} cores, {Cpu()}, .NET {Environment.Version}; load average {Report.Load()}");

    /// <summary>The CPU's model name, from /proc/cpuinfo.</summary>
    public static string Cpu() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : "unknown CPU";

    /// <summary>Waits until <paramref name="condition"/> holds, polling; false when the time is up.</summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
