using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpsCenter.Benchmarks.Live;
using OpsCenter.Contracts.Ingest;

namespace OpsCenter.Benchmarks.Embed;

/// <summary>
/// The real collector and aggregator (and the gateway when asked) as their own processes over one
/// SQLite store in a temporary folder, a seeded source key, an admin key and an embed token for one
/// unit; and the bare ceilings (the bare embed server, a bare YARP proxy in front of it).
/// </summary>
internal sealed class EmbedServers : IDisposable
{
    public const string Unit = "26740";
    public const string AdminKey = "bench-admin-key-0123456789abcdef";
    public const string ReaderKey = "bench-reader-key-0123456789abcdef";
    public static readonly string[] Systems = ["one-stop", "civil-status", "accounting", "personnel", "documents", "digital-signature"];

    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-embed-bench.").FullName;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
    private HealthPoster? _poster;

    private EmbedServers()
    {
    }

    public ServerProcess Collector { get; private set; } = null!;

    public ServerProcess? Aggregator { get; private set; }

    public ServerProcess? Gateway { get; private set; }

    public ServerProcess? Bare { get; private set; }

    public ServerProcess? BareProxy { get; private set; }

    public string Token { get; private set; } = "";

    public string StorePath => Path.Combine(_folder, "store");

    /// <summary>The store's settings (SQLite in the folder, or a PostgreSQL database), the same for the collector and the aggregator.</summary>
    private readonly Dictionary<string, string> _store = [];

    /// <summary>Settings given to every aggregator started (e.g. Live__PublishInterval).</summary>
    public Dictionary<string, string> AggregatorSettings { get; } = [];

    /// <summary>The PostgreSQL store's connection string, when the store is PostgreSQL.</summary>
    public string? PostgresConnectionString { get; private set; }

    public static async Task<EmbedServers> StartAsync(PostgresServer? postgres = null)
    {
        var servers = new EmbedServers();
        try
        {
            servers._store["Store__DataPath"] = servers.StorePath;
            if (postgres is not null)
            {
                servers.PostgresConnectionString = await postgres.CreateDatabaseAsync("embed");
                servers._store["Store__Provider"] = "postgres";
                servers._store["Store__ConnectionString"] = servers.PostgresConnectionString;
            }
            servers.Collector = await ServerProcess.StartAsync(Dll("OpsCenter.Collector"), [], new Dictionary<string, string>(servers._store)
            {
                ["Collector__SeedSources__0__Id"] = "bench",
                ["Collector__SeedSources__0__Name"] = "bench",
                ["Collector__SeedSources__0__Key"] = IngestBenchmark.Key,
                ["Collector__SeedSources__0__Kinds__0"] = "health",
                // Long, so that the unit's systems stay "up" (not stale) while no sample comes.
                ["Collector__SeedSources__0__ExpectedInterval"] = "01:00:00",
                ["Collector__RateLimit__RequestsPerSecond"] = "100000",
                ["Collector__RateLimit__Burst"] = "100000",
                ["Collector__Admin__Keys__0__Name"] = "bench",
                ["Collector__Admin__Keys__0__Key"] = AdminKey,
            });
            // Every system of the unit reports once, so the widget shows a full unit.
            var (ok, error) = await servers.PostSampleAsync(DateTimeOffset.UtcNow.AddSeconds(-5), allSystems: true, down: false);
            if (!ok)
            {
                throw new InvalidOperationException("The first health sample was refused: " + error);
            }
            servers.Token = await servers.IssueTokenAsync();
            return servers;
        }
        catch
        {
            servers.Dispose();
            throw;
        }
    }

    /// <summary>(Re)starts the aggregator over the store (the previous one is killed first), waits until it shows the unit.</summary>
    public async Task<ServerProcess> StartAggregatorAsync()
    {
        Aggregator?.Dispose();
        Aggregator = null;
        var environment = new Dictionary<string, string>(_store) { ["Readers__ServiceKeys__0"] = ReaderKey };
        foreach (var (name, value) in AggregatorSettings)
        {
            environment[name] = value;
        }
        Aggregator = await ServerProcess.StartAsync(Dll("OpsCenter.Aggregator"), [], environment);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var response = await _http.GetAsync(EmbedUri(Aggregator.Url, "status.json"));
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && text.Contains("\"civil-status\"", StringComparison.Ordinal))
            {
                return Aggregator;
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"The aggregator does not show unit {Unit}: {(int)response.StatusCode} {text}");
            }
            await Task.Delay(200);
        }
    }

    public async Task<ServerProcess> StartGatewayAsync()
    {
        Gateway = await ServerProcess.StartAsync(Dll("OpsCenter.Gateway"), [], new Dictionary<string, string>
        {
            ["ReverseProxy__Clusters__collector__Destinations__d1__Address"] = Collector.Url.ToString(),
            ["ReverseProxy__Clusters__aggregator__Destinations__d1__Address"] = Aggregator!.Url.ToString(),
            ["ReverseProxy__Clusters__wall__Destinations__d1__Address"] = "http://127.0.0.1:9",
        });
        return Gateway;
    }

    private string BareFolder => Path.Combine(_folder, "bare");

    /// <summary>Keeps the running aggregator's status and badge bytes (and their ETags) for the bare server.</summary>
    public async Task CaptureForBareAsync()
    {
        var folder = Directory.CreateDirectory(BareFolder).FullName;
        foreach (var (file, path) in new[] { ("status", "status.json"), ("badge", "badge.svg") })
        {
            using var response = await _http.GetAsync(EmbedUri(Aggregator!.Url, path));
            response.EnsureSuccessStatusCode();
            await File.WriteAllBytesAsync(Path.Combine(folder, path), await response.Content.ReadAsByteArrayAsync());
            await File.WriteAllTextAsync(Path.Combine(folder, file + ".etag"), response.Headers.ETag!.ToString());
        }
    }

    /// <summary>(Re)starts the bare embed server with the bytes <see cref="CaptureForBareAsync"/> kept.</summary>
    public async Task<ServerProcess> StartBareAsync(bool proxy = false)
    {
        Bare?.Dispose();
        Bare = null;
        if (!File.Exists(Path.Combine(BareFolder, "badge.etag")))
        {
            await CaptureForBareAsync();
        }
        var self = typeof(EmbedServers).Assembly.Location;
        Bare = await ServerProcess.StartAsync(self, ["bare-embed", "{port}", BareFolder], new Dictionary<string, string>());
        if (proxy)
        {
            BareProxy?.Dispose();
            BareProxy = await ServerProcess.StartAsync(self, ["bare-proxy", "{port}", Bare.Url.ToString()], new Dictionary<string, string>());
        }
        return Bare;
    }

    public void StopBare()
    {
        BareProxy?.Dispose();
        BareProxy = null;
        Bare?.Dispose();
        Bare = null;
    }

    public void StopAggregator()
    {
        Gateway?.Dispose();
        Gateway = null;
        Aggregator?.Dispose();
        Aggregator = null;
    }

    /// <summary>An embed URL of the unit on a server (aggregator, gateway or bare), with the token.</summary>
    public Uri EmbedUri(Uri server, string path) => new(server, $"/embed/v1/units/{Unit}/{path}?token={Token}");

    /// <summary>
    /// One health sample of the unit's civil-status system (or all its systems), checked at
    /// <paramref name="checkedAt"/>: the widget shows it as its data time, so it names the update.
    /// </summary>
    public Task<(bool Ok, string? Error)> PostSampleAsync(DateTimeOffset checkedAt, bool allSystems, bool down)
    {
        _poster ??= new HealthPoster(Collector.Url);
        return _poster.PostAsync([.. (allSystems ? Systems : ["civil-status"]).Select(s => new HealthSample
        {
            Unit = Unit, System = s, Status = down && s == "civil-status" ? Domain.Health.HealthStatus.Down : Domain.Health.HealthStatus.Up,
            LatencyMs = 120, CheckedAt = checkedAt,
        })]);
    }

    /// <summary>Asks the bare server to send an update named <paramref name="dataAt"/> to its viewers.</summary>
    public async Task<(bool Ok, string? Error)> PublishBareAsync(DateTimeOffset dataAt)
    {
        try
        {
            using var response = await _http.PostAsync(new Uri(Bare!.Url, $"/publish?dataAt={dataAt.ToUnixTimeMilliseconds()}"), null);
            return (response.IsSuccessStatusCode, response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, e.Message);
        }
    }

    /// <summary>
    /// How many times the embed token table has been read (PostgreSQL's own statistics: index and
    /// sequential scans of <c>embed_tokens</c>), or null on SQLite, which keeps no such count.
    /// </summary>
    public async Task<long?> TokenLookupsAsync()
    {
        if (PostgresConnectionString is null)
        {
            return null;
        }
        await using var connection = new Npgsql.NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(idx_scan, 0) + coalesce(seq_scan, 0) FROM pg_stat_user_tables WHERE relname = 'embed_tokens'", connection);
        return await command.ExecuteScalarAsync() is long count ? count : 0;
    }

    private async Task<string> IssueTokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Collector.Url, "/api/admin/v1/embed-tokens"))
        {
            Content = JsonContent.Create(new { unit = Unit, label = "bench", kinds = new[] { "card", "badge", "json" }, origins = new[] { "http://localhost" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Issuing an embed token failed: {(int)response.StatusCode} {text}");
        }
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private static string Dll(string project) => Path.Combine(ServerProcess.OutputOf(project), project + ".dll");

    public void Dispose()
    {
        StopBare();
        StopAggregator();
        Collector?.Dispose();
        _poster?.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
