using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Aggregator.Live;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Sources;

namespace OpsCenter.Aggregator.Tests;

/// <summary>
/// The aggregator in-process over a real SQLite file. Tests append to the log through the same
/// storage API the collector uses, then read through the query API and the live hub.
/// </summary>
public class AggregatorApp : WebApplicationFactory<Program>
{
    public const string ServiceKey = "test-service-key";

    /// <summary>A reader key that may read <see cref="ScopedUnit"/> only.</summary>
    public const string ScopedKey = "test-scoped-key";

    public const string ScopedUnit = "26740";

    private readonly TimeProvider? _time;
    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public AggregatorApp()
        : this(null, null, null)
    {
    }

    /// <summary>An app whose clock is <paramref name="time"/> (e.g. a FakeTimeProvider the test moves).</summary>
    protected AggregatorApp(TimeProvider time)
        : this(time, null, null)
    {
    }

    /// <summary>
    /// An app over the store in <paramref name="folder"/> (kept on dispose, so that another app can
    /// start on it), or a temporary folder of its own; <paramref name="settings"/> are applied last.
    /// </summary>
    protected AggregatorApp(TimeProvider? time, string? folder, IReadOnlyDictionary<string, string>? settings)
    {
        _time = time;
        _ownsFolder = folder is null;
        _folder = folder ?? Directory.CreateTempSubdirectory("opscenter-aggregator-").FullName;
        _settings = settings ?? new Dictionary<string, string>();
    }

    /// <summary>The data folder (the SQLite store, the live-state snapshot).</summary>
    public string DataFolder => _folder;

    public IEventLog Log => Services.GetRequiredService<IEventLog>();

    public ISourceRegistry Sources => Services.GetRequiredService<ISourceRegistry>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Store:DataPath", _folder);
        builder.UseSetting("Readers:ServiceKeys:0", ServiceKey);
        builder.UseSetting("Readers:ScopedKeys:0:Key", ScopedKey);
        builder.UseSetting("Readers:ScopedKeys:0:Unit", ScopedUnit);
        builder.UseSetting("Live:PublishInterval", "00:00:00.100");
        builder.UseSetting("Live:TailInterval", "00:00:00.050");
        builder.UseSetting("Live:HeartbeatInterval", "00:00:01");
        builder.UseSetting("Live:SourceRefreshInterval", "00:00:00.200");
        foreach (var (name, value) in _settings)
        {
            builder.UseSetting(name, value);
        }
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
    }

    public HttpClient CreateReader(string key = ServiceKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public AdminStore Admin => Services.GetRequiredService<AdminStore>();

    public LiveState State => Services.GetRequiredService<LiveState>();

    /// <summary>Health samples of one unit as one batch (one per item), as a source sends them.</summary>
    public Task AppendHealthBatchAsync(string unit, IEnumerable<HealthSample> samples, string source = "test") =>
        AppendAsync(DataKinds.Health, unit, samples.Select(s => (s.CheckedAt!.Value, s)), source);

    public Task AppendHealthAsync(string unit, string system, HealthStatus status, DateTimeOffset? checkedAt = null, string source = "test")
    {
        var sample = new HealthSample { Unit = unit, System = system, Status = status, CheckedAt = checkedAt ?? DateTimeOffset.UtcNow };
        var payload = JsonSerializer.Serialize(sample, WireJson.Options);
        return Log.AppendAsync(
            new AppendRequest(source, Guid.NewGuid().ToString(), SHA256.HashData(Encoding.UTF8.GetBytes(payload)),
                [new NewEvent(DataKinds.Health, unit, sample.CheckedAt.Value, payload)]),
            CancellationToken.None);
    }

    /// <summary>Appends items of one kind as one batch, as the collector stores them (attributed to <paramref name="unit"/>).</summary>
    public Task AppendAsync<TItem>(string kind, string unit, IEnumerable<(DateTimeOffset At, TItem Item)> items, string source = "test")
    {
        var events = items.Select(i => new NewEvent(kind, unit, i.At, JsonSerializer.Serialize(i.Item, WireJson.Options))).ToList();
        return Log.AppendAsync(
            new AppendRequest(source, Guid.NewGuid().ToString(), SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(events.Select(e => e.Payload)))), events),
            CancellationToken.None);
    }

    public Task AppendDossierAsync(string unit, params DossierEventItem[] items) =>
        AppendAsync(DataKinds.Dossier, unit, items.Select(i => (i.At!.Value, i)));

    public HubConnection CreateHubConnection(string? key = ServiceKey)
    {
        _ = Server; // make sure the host is started
        return new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, LiveHub.Path), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult(key);
            })
            .AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions))
            .Build();
    }

    public async Task<T> GetAsync<T>(string path)
    {
        var value = await CreateReader().GetFromJsonAsync<T>(path, WireJson.Options, TestContext.Current.CancellationToken);
        return value!;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsFolder)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
