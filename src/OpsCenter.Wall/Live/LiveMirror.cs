using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Live;

namespace OpsCenter.Wall.Live;

/// <summary>Whether the Wall server is currently receiving live data.</summary>
public enum LinkState
{
    Connecting,
    Live,
    Reconnecting,
}

/// <summary>
/// The Wall process's single connection to the aggregator's live hub. It keeps a mirror of the
/// city scope that every circuit reads, and raises <see cref="Changed"/> after each update.
/// It connects and resubscribes forever; a gap in the delta sequence triggers a fresh snapshot.
/// </summary>
public sealed partial class LiveMirror : IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, UnitTile> _tiles = new(StringComparer.Ordinal);
    private readonly List<LiveDelta> _pending = [];
    private readonly HubConnection _connection;
    private readonly ForeverRetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveMirror> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private long _seq;
    private bool _hasSnapshot;
    private Task _connectLoop = Task.CompletedTask;

    public LiveMirror(IOptions<LiveMirrorOptions> options, TimeProvider time, ILogger<LiveMirror> logger)
    {
        _time = time;
        _logger = logger;
        _retry = new ForeverRetryPolicy(options.Value.MaxRetryDelay);
        var url = new Uri(new Uri(options.Value.AggregatorUrl!), LiveHub.Path);
        var key = options.Value.ServiceKey;
        _connection = new HubConnectionBuilder()
            .WithUrl(url, o => o.AccessTokenProvider = () => Task.FromResult(key))
            .AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions))
            .WithAutomaticReconnect(_retry)
            .Build();
        _connection.On<LiveDelta>(nameof(ILiveClient.Delta), OnDelta);
        _connection.On<LiveHeartbeat>(nameof(ILiveClient.Heartbeat), OnHeartbeat);
        _connection.Reconnecting += _ =>
        {
            SetLink(LinkState.Reconnecting);
            return Task.CompletedTask;
        };
        _connection.Reconnected += _ => ResubscribeAsync();
        _connection.Closed += _ =>
        {
            // Only reached if the connection is stopped or the retry policy gives up; start over.
            if (!_stopping.IsCancellationRequested)
            {
                SetLink(LinkState.Reconnecting);
                _connectLoop = ConnectLoopAsync();
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>Raised after the mirror changed (tiles or link state). Handlers must be quick.</summary>
    public event Action? Changed;

    /// <summary>Raised with the changes (what went down, came back, went stale...) a delta carried.</summary>
    public event Action<IReadOnlyList<LiveChange>>? ChangesArrived;

    public LinkState Link { get; private set; } = LinkState.Connecting;

    /// <summary>When the link was last known good (a message arrived), or null if never.</summary>
    public DateTimeOffset? LastMessageAt { get; private set; }

    /// <summary>When the current outage started, or null while live.</summary>
    public DateTimeOffset? DownSince { get; private set; }

    public bool HasData
    {
        get
        {
            lock (_lock)
            {
                return _hasSnapshot || _tiles.Count > 0;
            }
        }
    }

    public UnitTile? Tile(string unit)
    {
        lock (_lock)
        {
            return _tiles.GetValueOrDefault(unit);
        }
    }

    public IReadOnlyList<UnitTile> Tiles()
    {
        lock (_lock)
        {
            return [.. _tiles.Values];
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DownSince = _time.GetUtcNow();
        _connectLoop = ConnectLoopAsync();
        return Task.CompletedTask;
    }

    private async Task ConnectLoopAsync()
    {
        for (var attempt = 0L; !_stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                if (_connection.State == HubConnectionState.Disconnected)
                {
                    await _connection.StartAsync(_stopping.Token);
                }
                await SubscribeAsync();
                return;
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                LogConnectFailed(attempt + 1, e.Message);
                SetLink(LinkState.Reconnecting);
                try
                {
                    await Task.Delay(_retry.Delay(attempt), _time, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SubscribeAsync()
    {
        await _subscribing.WaitAsync(_stopping.Token);
        try
        {
            lock (_lock)
            {
                _hasSnapshot = false;
                _pending.Clear();
            }
            var snapshot = await _connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, LiveScope.City.ToString(), _stopping.Token);
            lock (_lock)
            {
                _tiles.Clear();
                foreach (var tile in snapshot.Units)
                {
                    _tiles[tile.Unit] = tile;
                }
                _seq = snapshot.Seq;
                _hasSnapshot = true;
                // Deltas that raced the snapshot: drop the old ones, apply the rest in order.
                foreach (var delta in _pending.Where(d => d.Seq > _seq).OrderBy(d => d.Seq))
                {
                    if (delta.Seq != _seq + 1)
                    {
                        _hasSnapshot = false;
                        break;
                    }
                    ApplyLocked(delta);
                }
                _pending.Clear();
            }
            LogSubscribed(snapshot.Units.Count, snapshot.Seq);
            MarkAlive();
        }
        finally
        {
            _subscribing.Release();
        }
        if (!_hasSnapshot)
        {
            await SubscribeAsync();
        }
    }

    private void OnDelta(LiveDelta delta)
    {
        var gap = false;
        lock (_lock)
        {
            if (!_hasSnapshot)
            {
                _pending.Add(delta);
            }
            else if (delta.Seq == _seq + 1)
            {
                ApplyLocked(delta);
            }
            else if (delta.Seq > _seq + 1)
            {
                gap = true;
            }
        }
        MarkAlive();
        if (gap)
        {
            LogGap(delta.Seq);
            _ = ResubscribeAsync();
        }
    }

    private void OnHeartbeat(LiveHeartbeat heartbeat)
    {
        bool missed;
        lock (_lock)
        {
            missed = _hasSnapshot && heartbeat.Seq > _seq;
        }
        MarkAlive();
        if (missed)
        {
            LogGap(heartbeat.Seq);
            _ = ResubscribeAsync();
        }
    }

    private async Task ResubscribeAsync()
    {
        try
        {
            await SubscribeAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // The reconnect handlers will subscribe again once the link is back.
            LogConnectFailed(0, e.Message);
        }
    }

    private void ApplyLocked(LiveDelta delta)
    {
        foreach (var tile in delta.Units)
        {
            _tiles[tile.Unit] = tile;
        }
        _seq = delta.Seq;
        if (delta.Changes is { Count: > 0 } changes)
        {
            ChangesArrived?.Invoke(changes);
        }
    }

    private void MarkAlive()
    {
        LastMessageAt = _time.GetUtcNow();
        DownSince = null;
        Link = LinkState.Live;
        Changed?.Invoke();
    }

    private void SetLink(LinkState state)
    {
        if (state != LinkState.Live && DownSince is null)
        {
            DownSince = _time.GetUtcNow();
        }
        Link = state;
        Changed?.Invoke();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }
        try
        {
            await _stopping.CancelAsync();
            await _connection.StopAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while stopping (a test host stops and disposes at once): nothing is left to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A host may dispose its services twice (WebApplicationFactory in tests): the second time does nothing.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        await _connection.DisposeAsync();
        _stopping.Dispose();
        _subscribing.Dispose();
    }

    [LoggerMessage(LogLevel.Warning, "Live link to the aggregator failed (attempt {Attempt}): {Reason}")]
    private partial void LogConnectFailed(long attempt, string reason);

    [LoggerMessage(LogLevel.Information, "Subscribed to the city: {Units} tiles at seq {Seq}")]
    private partial void LogSubscribed(int units, long seq);

    [LoggerMessage(LogLevel.Warning, "Missed live deltas (saw seq {Seq}); taking a fresh snapshot")]
    private partial void LogGap(long seq);
}

/// <summary>The Wall is healthy once it has live data; it still serves pages (with a banner) without.</summary>
internal sealed class LiveMirrorHealthCheck(LiveMirror mirror) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(mirror.Link == LinkState.Live
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Degraded($"Live link is {mirror.Link}."));
}
