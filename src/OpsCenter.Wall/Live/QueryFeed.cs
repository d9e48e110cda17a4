using System.Net.Http.Json;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Live;
using OpsCenter.Contracts.Query;

namespace OpsCenter.Wall.Live;

/// <summary>
/// What the wall shows beside the live tiles and that has no push of its own: the city's oldest
/// late dossiers and its open incidents, read from the aggregator's query API once per interval
/// for the whole process (never per screen). The feed of what changed is read once at start and
/// then grows live from the changes carried by the mirror's deltas.
/// </summary>
public sealed partial class QueryFeed : BackgroundService
{
    private const int ChangesKept = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<QueryFeed> _logger;
    private readonly Subscribers _subscribers;
    private readonly Subscription _fromMirror;
    private readonly Lock _lock = new();
    private List<LiveChange> _changes = [];
    private DateTimeOffset? _refreshedAt;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (LateDossierList? Late, IncidentList? Incidents)> _lists =
        new(StringComparer.Ordinal) { [Domain.Units.UnitCatalog.HcmcCode] = (null, null) };
    private readonly SemaphoreSlim _wake = new(0);
    private bool _changesLoaded;

    public QueryFeed(HttpClient http, ILiveMirror mirror, TimeProvider time, ILogger<QueryFeed> logger)
    {
        _http = http;
        _time = time;
        _logger = logger;
        _subscribers = new Subscribers(time, Subscribers.DefaultThrottle);
        // The mirror keeps the changes its deltas carried; merging them again is harmless (known ones are skipped).
        _fromMirror = mirror.Subscribe(() =>
        {
            Merge(mirror.RecentChanges);
            return Task.CompletedTask;
        });
    }

    /// <summary>Calls <paramref name="callback"/> after any list changed (throttled, never under a lock) until disposed.</summary>
    public Subscription Subscribe(Func<Task> callback) => _subscribers.Subscribe(callback);

    /// <summary>
    /// The lists of a scope (79, a unit or a group): a tile asking for a scope the feed does not read
    /// yet gets nothing now, and the feed reads that scope from then on (at once, then every interval).
    /// </summary>
    public (LateDossierList? Late, IncidentList? Incidents) ListsOf(string rollup)
    {
        if (_lists.TryGetValue(rollup, out var lists))
        {
            return lists;
        }
        if (_lists.TryAdd(rollup, (null, null)))
        {
            _wake.Release();
        }
        return (null, null);
    }

    /// <summary>When the lists were last read successfully.</summary>
    public DateTimeOffset? RefreshedAt
    {
        get
        {
            lock (_lock)
            {
                return _refreshedAt;
            }
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<LiveChange> Changes
    {
        get
        {
            lock (_lock)
            {
                return _changes;
            }
        }
    }

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
                // The aggregator may be restarting; the tiles say how old their lists are.
                LogRefreshFailed(e.Message);
            }
            // The next interval, or sooner when a tile asks for a scope not read yet.
            await _wake.WaitAsync(Interval, stoppingToken);
        }
    }

    /// <summary>Reads every scope's lists (and, the first time, the changes) once.</summary>
    internal async Task ReadAsync(CancellationToken cancellationToken)
    {
        foreach (var rollup in _lists.Keys.ToList())
        {
            var late = await ReadAsync<LateDossierList>($"/api/query/v1/units/{Uri.EscapeDataString(rollup)}/late-dossiers?limit=30", cancellationToken);
            var incidents = await ReadAsync<IncidentList>($"/api/query/v1/units/{Uri.EscapeDataString(rollup)}/incidents", cancellationToken);
            // A scope the aggregator does not know (404) reads as empty lists, not as missing ones.
            _lists[rollup] = (late ?? new LateDossierList(rollup, _time.GetUtcNow(), 0, []), incidents ?? new IncidentList(rollup, []));
        }
        if (!_changesLoaded)
        {
            var changes = await _http.GetFromJsonAsync<ChangeList>("/api/query/v1/changes?limit=40", WireJson.Options, cancellationToken);
            Merge(changes?.Items ?? []);
            _changesLoaded = true;
        }
        lock (_lock)
        {
            _refreshedAt = _time.GetUtcNow();
        }
        _subscribers.Notify();
    }

    private async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return default;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken);
    }

    private void Merge(IReadOnlyList<LiveChange> arrived)
    {
        if (arrived.Count == 0)
        {
            return;
        }
        lock (_lock)
        {
            var known = _changes.Select(c => (c.Id, c.Unit, c.Kind)).ToHashSet();
            List<LiveChange> merged = [.. arrived.Where(c => !known.Contains((c.Id, c.Unit, c.Kind))).Concat(_changes)
                .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(ChangesKept)];
            // The mirror hands its recent changes on every message: tell the screens only when the list moved.
            if (merged.SequenceEqual(_changes))
            {
                return;
            }
            _changes = merged;
        }
        _subscribers.Notify();
    }

    public override void Dispose()
    {
        _fromMirror.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Reading the wall's lists from the aggregator failed: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
