using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
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
    private readonly LiveMirror _mirror;
    private readonly TimeProvider _time;
    private readonly ILogger<QueryFeed> _logger;
    private readonly Lock _lock = new();
    private List<LiveChange> _changes = [];
    private bool _changesLoaded;

    public QueryFeed(HttpClient http, IOptions<LiveMirrorOptions> options, LiveMirror mirror, TimeProvider time, ILogger<QueryFeed> logger)
    {
        _http = http;
        _http.BaseAddress = new Uri(options.Value.AggregatorUrl!);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ServiceKey);
        _mirror = mirror;
        _time = time;
        _logger = logger;
        _mirror.ChangesArrived += Merge;
    }

    /// <summary>Raised after any list changed.</summary>
    public event Action? Changed;

    public LateDossierList? LateDossiers { get; private set; }

    public IncidentList? Incidents { get; private set; }

    /// <summary>When the lists were last read successfully.</summary>
    public DateTimeOffset? RefreshedAt { get; private set; }

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
        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                LateDossiers = await _http.GetFromJsonAsync<LateDossierList>("/api/query/v1/units/79/late-dossiers?limit=30", WireJson.Options, stoppingToken);
                Incidents = await _http.GetFromJsonAsync<IncidentList>("/api/query/v1/units/79/incidents", WireJson.Options, stoppingToken);
                if (!_changesLoaded)
                {
                    var changes = await _http.GetFromJsonAsync<ChangeList>("/api/query/v1/changes?limit=40", WireJson.Options, stoppingToken);
                    Merge(changes?.Items ?? []);
                    _changesLoaded = true;
                }
                RefreshedAt = _time.GetUtcNow();
                Changed?.Invoke();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !stoppingToken.IsCancellationRequested)
            {
                // The aggregator may be restarting; the tiles say how old their lists are.
                LogRefreshFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
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
            _changes = [.. arrived.Where(c => !known.Contains((c.Id, c.Unit, c.Kind))).Concat(_changes)
                .OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(ChangesKept)];
        }
        Changed?.Invoke();
    }

    public override void Dispose()
    {
        _mirror.ChangesArrived -= Merge;
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Reading the wall's lists from the aggregator failed: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}
