using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Domain.Units;
using OpsCenter.Wall.Access;
using OpsCenter.Wall.Extensions;
using OpsCenter.Wall.Live;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>
/// What the tiles read, without the web host: a <see cref="FakeLiveMirror"/>, the real query and alert
/// feeds reading a <see cref="StandInCollector"/> over HTTP when a test says so (<see cref="ReadListsAsync"/>),
/// the real scopes, freshness, clock (a <see cref="FakeTimeProvider"/>), unit catalogue, map and texts.
/// </summary>
public sealed class WallParts : IAsyncDisposable
{
    private WallParts(StandInCollector aggregator)
    {
        Aggregator = aggregator;
        Add(Services);
        Provider = Services.BuildServiceProvider();
    }

    public StandInCollector Aggregator { get; }

    public FakeTimeProvider Time { get; } = new(LiveData.Start);

    public FakeLiveMirror Mirror { get; } = new();

    public ServiceCollection Services { get; } = new();

    public ServiceProvider Provider { get; }

    public static async Task<WallParts> StartAsync() => new(await StandInCollector.StartAsync());

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    /// <summary>Registers the same parts (the same instances) into another container, e.g. bUnit's.</summary>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ILiveMirror>(Mirror);
        services.AddSingleton(Get<UnitCatalog>());
        services.AddSingleton(Get<Map.CityMap>());
        services.AddSingleton(Get<WallClock>());
        services.AddSingleton(Get<QueryFeed>());
        services.AddSingleton(Get<AlertFeed>());
        services.AddSingleton(Get<TileScopes>());
        services.AddSingleton(Get<TileFreshness>());
    }

    /// <summary>One read of the lists and the open alerts, as the feeds' loops do every interval.</summary>
    public async Task ReadListsAsync()
    {
        await Get<QueryFeed>().ReadAsync(TestContext.Current.CancellationToken);
        await Get<AlertFeed>().ReadAsync(TestContext.Current.CancellationToken);
    }

    private void Add(IServiceCollection services)
    {
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ILiveMirror>(Mirror);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<WallOptions>();
        services.AddSingleton(Options.Create(new LiveMirrorOptions { AggregatorUrl = Aggregator.Address.ToString(), ServiceKey = "test-service-key" }));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddUnitCatalog();
        services.AddHttpClient<CollectorAdmin>(http => http.BaseAddress = Aggregator.Address);
        services.AddSingleton(_ => Map.CityMap.Load());
        services.AddSingleton<WallClock>();
        services.AddSingleton<TileFreshness>();
        services.AddSingleton<TileScopes>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<QueryFeed>(sp, AggregatorClient()));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AlertFeed>(sp, AggregatorClient()));
    }

    // What the Wall's registration gives the feeds: the aggregator's address and the service key on every request.
    private HttpClient AggregatorClient() => new()
    {
        BaseAddress = Aggregator.Address,
        DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test-service-key") },
    };

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await Aggregator.DisposeAsync();
    }
}
