using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Aggregator.Alerts;
using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Tests.Live;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Alerts;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Admin;
using OpsCenter.Storage.Events;
using OpsCenter.Storage.Outbox;
using OpsCenter.Storage.Sqlite;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Alerts;

/// <summary>
/// The alert engine over a live state, a real SQLite store (rules, live-from, outbox) and a real HTTP
/// endpoint standing in for the collector's <c>POST /api/admin/v1/alerts/transitions</c>. Time is
/// only what the tests pass to <see cref="AlertEngine.TickAsync"/>.
/// </summary>
public sealed class AlertEngineTests : IAsyncLifetime
{
    private const string WriterKey = "test-writer-key";
    private static readonly UnitCatalog Units = UnitCatalog.LoadHcmc();

    private static readonly AlertRule SystemDown = new("system-down", "Hệ thống ngừng", "System down", AlertRuleKind.SystemDown,
        AlertSeverity.Critical, AlertScope.AllUnits, HoldMinutes: 5, ClearMinutes: 5);

    private readonly string _folder = Directory.CreateTempSubdirectory("opscenter-alert-engine-").FullName;
    private readonly List<ServiceProvider> _providers = [];
    private SqliteStore _store = null!;
    private CollectorStandIn _collector = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteStore(SqliteStore.ConnectionStringFor(_folder), new FakeTimeProvider(Start));
        _collector = await CollectorStandIn.StartAsync();
        await SaveAsync(AlertEngine.RulesSetting, AlertRuleSet.Serialize([SystemDown]));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        await _collector.DisposeAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ReplayedLog_OldDownTimes_LiveFromNow_FiresNothingBeforeLiveFromPlusTheHold()
    {
        var wards = Wards(12);
        var log = new AlertLog();
        // Yesterday's outage of every ward, replayed: down for two hours, then up again until a minute ago.
        for (var at = Start.AddHours(-26); at < Start; at = at.AddMinutes(5))
        {
            foreach (var ward in wards)
            {
                log.Health(ward, "civil-status", at < Start.AddHours(-24) ? HealthStatus.Down : HealthStatus.Up, at);
            }
        }
        // A ward whose last word, long ago, was "down": silent now, not down.
        log.Health("26743", "tax", HealthStatus.Down, Start.AddHours(-3));
        // And one down for the last 20 minutes: it counts from live-from, not from its start in the history.
        for (var at = Start.AddMinutes(-20); at <= Start; at = at.AddMinutes(1))
        {
            log.Health("26740", "land", HealthStatus.Down, at);
        }
        var state = NewLiveState(log.Events);
        await SaveAsync(AlertEngine.LiveFromSetting, JsonSerializer.Serialize(Start, WireJson.Options));
        var engine = NewEngine(state);

        // The hold (5 min) and the grouping wait (30 s) from live-from have not passed yet.
        for (var now = Start; now < Start.AddMinutes(5).AddSeconds(30); now = now.AddSeconds(30))
        {
            Assert.Empty(await engine.TickAsync(now, TestContext.Current.CancellationToken));
        }
        Assert.Equal(Start, engine.LiveFrom);
        Assert.Empty(_collector.Bodies);
    }

    [Fact]
    public async Task Restart_AfterTheCenterWasDown_SourcesAreNotSilentUntilThePeriodHasPassedSinceTheEngineListens()
    {
        var wards = Wards(20);
        var log = new AlertLog();
        // Every ward reported until the center stopped, ten minutes before this engine started.
        for (var at = Start.AddMinutes(-30); at <= Start.AddMinutes(-10); at = at.AddMinutes(1))
        {
            foreach (var ward in wards)
            {
                log.Health(ward, "civil-status", HealthStatus.Up, at);
            }
        }
        var silent = new AlertRule("source-silent", "Nguồn im lặng", "Source silent", AlertRuleKind.SourceSilent, AlertSeverity.Warning,
            AlertScope.AllUnits, HoldMinutes: 2, ClearMinutes: 5, PeriodMinutes: 3);
        await SaveAsync(AlertEngine.RulesSetting, AlertRuleSet.Serialize([silent]));
        await SaveAsync(AlertEngine.LiveFromSetting, JsonSerializer.Serialize(Start.AddDays(-1), WireJson.Options));
        var engine = NewEngine(NewLiveState(log.Events));

        // Not at once: the sources have had no chance to report since the engine began listening.
        Assert.Empty(await TickEvery30sAsync(engine, Start, Start.AddMinutes(5)));

        // Still nothing from them 3 min after it listens, held 2 min, grouped 30 s: silent indeed, one alert.
        var fired = Assert.Single(await TickEvery30sAsync(engine, Start.AddMinutes(5).AddSeconds(30), Start.AddMinutes(7))).Fired;
        Assert.NotNull(fired);
        Assert.Equal(Start.AddMinutes(5).AddSeconds(30), fired.At);
        Assert.Equal(20, fired.Units.Count);
    }

    [Fact]
    public async Task SystemDownIn12Wards_LongerThanTheHold_IsOneFiredTransitionListingThe12()
    {
        var wards = Wards(12);
        var state = NewLiveState(Down(wards, Start).Events);
        await SaveAsync(AlertEngine.LiveFromSetting, JsonSerializer.Serialize(Start.AddHours(-1), WireJson.Options));
        var engine = NewEngine(state);

        var made = await TickEvery30sAsync(engine, Start, Start.AddMinutes(8));

        var fired = Assert.Single(made).Fired;
        Assert.NotNull(fired);
        Assert.Equal(wards.Order(StringComparer.Ordinal), fired.Units);
        Assert.Equal((Start.AddMinutes(5).AddSeconds(30), Start, AlertLevel.Critical), (fired.At, fired.Onset, fired.Severity));
        Assert.Equal(("system-down", "civil-status", "Hệ thống ngừng", "System down"), (fired.RuleId, fired.Cause, fired.RuleName, fired.RuleNameEn));
        Assert.Equal(AlertEvaluator.AlertKey("system-down", "civil-status", Start, AlertEvaluatorOptions.DefaultGroupWait), fired.Key);
        Assert.Contains("12", fired.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_GoesToTheCollector_AndAfterA503_IsPostedAgainAtTheNextTick()
    {
        var wards = Wards(3);
        var state = NewLiveState(Down(wards, Start).Events);
        var engine = NewEngine(state);
        _collector.FailNext = 1;

        var made = await TickEvery30sAsync(engine, Start, Start.AddMinutes(5).AddSeconds(30));
        var key = Assert.Single(made).Fired!.Key;
        Assert.Single(engine.Pending);
        Assert.Single(_collector.Bodies);

        Assert.Empty(await engine.TickAsync(Start.AddMinutes(6), TestContext.Current.CancellationToken));
        Assert.Empty(engine.Pending);
        Assert.Equal(2, _collector.Bodies.Count);
        foreach (var (authorization, body) in _collector.Bodies)
        {
            Assert.Equal($"Bearer {WriterKey}", authorization);
            var batch = JsonSerializer.Deserialize<AlertTransitionBatch>(body, WireJson.Options)!;
            Assert.Equal(key, Assert.Single(batch.Transitions).Fired!.Key);
        }
    }

    [Fact]
    public async Task ThreeFailedPostsInARow_MakeTheCollectorUnhealthy_AndTheQueueKeepsEverythingInOrder()
    {
        var collectorRule = new AlertRule("collector-down", "Collector lỗi", "Collector failing", AlertRuleKind.OpsCenterHealth,
            AlertSeverity.Critical, AlertScope.AllUnits, HoldMinutes: 0, ClearMinutes: 1, Component: AlertEngine.CollectorComponent);
        await SaveAsync(AlertEngine.RulesSetting, AlertRuleSet.Serialize([SystemDown, collectorRule]));
        var engine = NewEngine(NewLiveState(Down(Wards(2), Start).Events));
        _collector.FailNext = int.MaxValue;

        // Fired at 5:30 and not taken: failures at 5:30, 6:00, 6:30; unhealthy since 5:30, so at 7:00 (hold 0 + grouping wait) it fires.
        var made = await TickEvery30sAsync(engine, Start, Start.AddMinutes(7));
        Assert.Equal(["system-down", "collector-down"], made.Select(t => t.Fired!.RuleId));
        var collector = made[1].Fired!;
        Assert.Equal((Start.AddMinutes(5).AddSeconds(30), Start.AddMinutes(7)), (collector.Onset, collector.At));
        Assert.Empty(collector.Units);
        Assert.Equal(made, engine.Pending);

        _collector.FailNext = 0;
        await engine.TickAsync(Start.AddMinutes(7).AddSeconds(30), TestContext.Current.CancellationToken);
        Assert.Empty(engine.Pending);
        var last = JsonSerializer.Deserialize<AlertTransitionBatch>(_collector.Bodies.Last().Body, WireJson.Options)!;
        Assert.Equal(made.Select(t => t.Fired!.Key), last.Transitions.Select(t => t.Fired!.Key));
    }

    [Fact]
    public async Task TwoEngines_OverTheSameState_MakeTheSameKey_EvenStartedAtDifferentTimes()
    {
        var state = NewLiveState(Down(Wards(5), Start).Events);
        await SaveAsync(AlertEngine.LiveFromSetting, JsonSerializer.Serialize(Start.AddMinutes(-30), WireJson.Options));
        var first = NewEngine(state);
        var second = NewEngine(state);

        var fromFirst = await TickEvery30sAsync(first, Start, Start.AddMinutes(7));
        var fromSecond = await TickEvery30sAsync(second, Start.AddMinutes(3), Start.AddMinutes(7));

        Assert.Equal(Assert.Single(fromFirst).Fired!.Key, Assert.Single(fromSecond).Fired!.Key);
    }

    [Fact]
    public async Task AlertResolvedInTheLog_LeavesTheEngine_AndAStillHoldingConditionFiresAnewAfterTheHold()
    {
        var state = NewLiveState(Down(Wards(2), Start).Events);
        var engine = NewEngine(state);
        var key = Assert.Single(await TickEvery30sAsync(engine, Start, Start.AddMinutes(6))).Fired!.Key;

        // A person resolves it while the systems are still down.
        var log = new AlertLog();
        log.Fired(key, Start.AddMinutes(6), "x");
        log.Alert(AlertKinds.Resolved, new AlertResolvedEvent(key, AlertResolvedEvent.ReasonManual, Start.AddMinutes(7), "an"), Start.AddMinutes(7));
        state.State.Apply([.. log.Events.Select(e => e with { Position = state.State.Position + e.Position })]);

        var later = await TickEvery30sAsync(engine, Start.AddMinutes(7), Start.AddMinutes(13));
        var again = Assert.Single(later).Fired;
        Assert.NotNull(again);
        Assert.NotEqual(key, again.Key);
        Assert.Equal(Start.AddMinutes(7), again.Onset);
    }

    [Fact]
    public async Task InTheAggregator_TheRegisteredEngine_PostsThroughItsConfiguredClient_AndRetriesA503Itself()
    {
        // The engine's own timer is far off: the test ticks it, at instants of its own.
        await using var app = new EngineApp(new Dictionary<string, string>
        {
            ["Alerts:WriterKey"] = WriterKey,
            ["Alerts:CollectorUrl"] = _collector.Url,
            ["Alerts:TickInterval"] = "00:10:00",
        });
        await app.Admin.SaveSettingAsync(AlertEngine.RulesSetting, AlertRuleSet.Serialize([SystemDown]), "test", TestContext.Current.CancellationToken);
        await app.Admin.SaveSettingAsync(AlertEngine.LiveFromSetting, JsonSerializer.Serialize(Start, WireJson.Options), "test", TestContext.Current.CancellationToken);
        foreach (var minute in Enumerable.Range(0, 8))
        {
            await app.AppendHealthAsync("26740", "civil-status", HealthStatus.Down, Start.AddMinutes(minute));
        }
        await Eventually.MatchAsync(() => Task.FromResult(app.State.Position), p => p >= 8);
        await Eventually.MatchAsync(() => Task.FromResult(LiveParts.Of(app).Changes.Live), live => live);
        var engine = app.Services.GetRequiredService<AlertEngine>();
        _collector.FailNext = 1;

        var made = await TickEvery30sAsync(engine, Start, Start.AddMinutes(5).AddSeconds(30));

        Assert.Equal(["26740"], Assert.Single(made).Fired!.Units);
        Assert.Single(engine.Pending); // the 503 was not retried behind the engine's back
        Assert.Single(_collector.Bodies);
        await engine.TickAsync(Start.AddMinutes(6), TestContext.Current.CancellationToken);
        Assert.Empty(engine.Pending);
        Assert.Equal(2, _collector.Bodies.Count);
    }

    [Fact]
    public async Task NoWriterKey_TheEngineDoesNotRun()
    {
        var engine = NewEngine(NewLiveState([]), writerKey: "");
        await engine.StartAsync(TestContext.Current.CancellationToken);
        await engine.ExecuteTask!;
        Assert.True(engine.ExecuteTask.IsCompletedSuccessfully);
    }

    private static async Task<List<AlertTransitionEntry>> TickEvery30sAsync(AlertEngine engine, DateTimeOffset from, DateTimeOffset to)
    {
        var made = new List<AlertTransitionEntry>();
        for (var now = from; now <= to; now = now.AddSeconds(30))
        {
            made.AddRange(await engine.TickAsync(now, TestContext.Current.CancellationToken));
        }
        return made;
    }

    private static string[] Wards(int count) => [.. Units.ChildrenOf(Units.City.Code).Select(u => u.Code).Take(count)];

    /// <summary>Every ward's civil-status system down from <paramref name="at"/>, reported every minute for 20 minutes.</summary>
    private static AlertLog Down(IEnumerable<string> wards, DateTimeOffset at)
    {
        var log = new AlertLog();
        for (var minute = 0; minute <= 20; minute++)
        {
            foreach (var ward in wards)
            {
                log.Health(ward, "civil-status", HealthStatus.Down, at.AddMinutes(minute));
            }
        }
        return log;
    }

    private static LiveParts NewLiveState(IReadOnlyList<StoredEvent> events)
    {
        var parts = SnapshotTests.NewParts(out _);
        if (events.Count > 0)
        {
            parts.State.Apply(events);
        }
        parts.Changes.Live = true; // caught up
        return parts;
    }

    private AlertEngine NewEngine(LiveParts state, string writerKey = WriterKey)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        services.AddSingleton(state.State).AddSingleton(state.Kpis).AddSingleton(state.Changes).AddSingleton(state.Scopes);
        services.AddSingleton(new Aggregator.Health.MaintenanceBook());
        services.AddSingleton<IEventLog>(_store);
        services.AddSingleton(new AdminStore(_store, new FakeTimeProvider(Start)));
        services.AddSingleton(new OutboxStore(_store, new FakeTimeProvider(Start), new OutboxPolicy()));
        services.Configure<AlertOptions>(o => (o.WriterKey, o.CollectorUrl) = (writerKey, _collector.Url));
        services.AddHttpClient(AlertEngine.ClientName, http => http.BaseAddress = new Uri(_collector.Url));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return ActivatorUtilities.CreateInstance<AlertEngine>(provider);
    }

    private Task SaveAsync(string key, string json) =>
        new AdminStore(_store, new FakeTimeProvider(Start)).SaveSettingAsync(key, json, "test", TestContext.Current.CancellationToken);

    private sealed class EngineApp(IReadOnlyDictionary<string, string> settings) : AggregatorApp(null, null, settings);

    /// <summary>A minimal web app on a free loopback port answering the collector's transitions route: records bodies, fails on request.</summary>
    private sealed class CollectorStandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private CollectorStandIn(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public int FailNext { get; set; }

        public ConcurrentQueue<(string? Authorization, string Body)> Bodies { get; } = new();

        public static async Task<CollectorStandIn> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var standIn = new CollectorStandIn(app);
            app.MapPost(AlertEngine.TransitionsPath, async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                standIn.Bodies.Enqueue((request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
                if (standIn.FailNext > 0)
                {
                    standIn.FailNext--;
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }
                return Results.Ok(new AlertTransitionAck(1, 0));
            });
            await app.StartAsync();
            return standIn;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
