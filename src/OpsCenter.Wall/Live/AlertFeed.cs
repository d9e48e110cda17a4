using System.Net.Http.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Alerts;

namespace OpsCenter.Wall.Live;

/// <summary>
/// The city's open alerts, read from the aggregator's query API every 2 s by one reader for the whole
/// process (never per screen or per console): the alerts tile and the console show what it holds.
/// Alerts have no push of their own yet; a short interval keeps a new alert on the wall within seconds.
/// </summary>
public sealed partial class AlertFeed : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertFeed> _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Subscribers _subscribers;
    private readonly Lock _lock = new();
    private (AlertList? Open, DateTimeOffset? RefreshedAt) _read;

    public AlertFeed(HttpClient http, TimeProvider time, ILogger<AlertFeed> logger)
    {
        _http = http;
        _time = time;
        _logger = logger;
        _subscribers = new Subscribers(time, Subscribers.DefaultThrottle);
    }

    /// <summary>Calls <paramref name="callback"/> after a read that changed an alert (throttled, never under a lock) until disposed.</summary>
    public Subscription Subscribe(Func<Task> callback) => _subscribers.Subscribe(callback);

    /// <summary>The last list read (city scope, open alerts); null until the first read succeeds.</summary>
    public AlertList? Open
    {
        get
        {
            lock (_lock)
            {
                return _read.Open;
            }
        }
    }

    /// <summary>When the list was last read successfully (the tiles' clock): the tile is stale when this is old.</summary>
    public DateTimeOffset? RefreshedAt
    {
        get
        {
            lock (_lock)
            {
                return _read.RefreshedAt;
            }
        }
    }

    /// <summary>Reads again now (after a person acted on an alert), instead of at the next interval.</summary>
    public void Refresh() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadAsync(stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !stoppingToken.IsCancellationRequested)
            {
                // The aggregator may be restarting; the tile says how old its list is.
                LogRefreshFailed(e.Message);
            }
            await _wake.WaitAsync(Interval, stoppingToken);
        }
    }

    /// <summary>Reads the open alerts once; subscribers hear of it only when an alert changed (consoles re-read, not every poll).</summary>
    internal async Task ReadAsync(CancellationToken cancellationToken)
    {
        var list = await _http.GetFromJsonAsync<AlertList>("/api/query/v1/alerts?state=open&limit=200", WireJson.Options, cancellationToken);
        if (list is null)
        {
            return;
        }
        bool changed;
        lock (_lock)
        {
            changed = _read.Open is null || !_read.Open.Alerts.Select(Shown).SequenceEqual(list.Alerts.Select(Shown));
            _read = (list, _time.GetUtcNow());
        }
        if (changed)
        {
            _subscribers.Notify();
        }
    }

    // What a reader of the list sees of an alert (its log position moves with every event of the city).
    private static (string Key, string State, string? AcknowledgedBy, string? Assignee, string Units) Shown(AlertView a) =>
        (a.Key, a.State, a.AcknowledgedBy, a.Assignee, string.Join(',', a.Units));

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Reading the open alerts from the aggregator failed: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
