using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// Turns live-state changes into numbered deltas per scope, at most one per scope per publish
/// interval, and sends heartbeats. A subscriber joins under the same gate that numbers deltas,
/// so its snapshot's sequence number and the deltas that follow line up exactly.
/// Deltas go to SignalR groups: each message is serialized once per protocol, not per client.
/// </summary>
internal sealed partial class LivePublisher(
    LiveState state,
    IHubContext<LiveHubEndpoint, ILiveClient> hub,
    IOptionsMonitor<LiveOptions> options,
    TimeProvider time,
    ILogger<LivePublisher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ScopeInfo> _scopes = new(StringComparer.Ordinal)
    {
        [LiveScope.City.ToString()] = new ScopeInfo(LiveScope.City),
    };
    private readonly Dictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _published = new(StringComparer.Ordinal);

    public async Task<LiveSnapshot> SubscribeAsync(string connectionId, LiveScope scope, IGroupManager groups, CancellationToken cancellationToken)
    {
        var key = scope.ToString();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await groups.AddToGroupAsync(connectionId, key, cancellationToken);
            if (!_scopes.TryGetValue(key, out var info))
            {
                _scopes[key] = info = new ScopeInfo(scope);
            }
            if (!_byConnection.TryGetValue(connectionId, out var mine))
            {
                _byConnection[connectionId] = mine = new HashSet<string>(StringComparer.Ordinal);
            }
            if (mine.Add(key))
            {
                info.Subscribers++;
            }
            var now = time.GetUtcNow();
            return new LiveSnapshot(key, info.Seq, now, TilesOf(scope, now));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task UnsubscribeAsync(string connectionId, LiveScope scope, IGroupManager? groups, CancellationToken cancellationToken)
    {
        var key = scope.ToString();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (groups is not null)
            {
                await groups.RemoveFromGroupAsync(connectionId, key, cancellationToken);
            }
            if (_byConnection.TryGetValue(connectionId, out var mine) && mine.Remove(key) && _scopes.TryGetValue(key, out var info))
            {
                info.Subscribers--;
                if (info.Subscribers <= 0 && scope != LiveScope.City)
                {
                    _scopes.Remove(key);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets a closed connection (SignalR removes it from its groups itself).</summary>
    public async Task DisconnectedAsync(string connectionId)
    {
        string[] scopes;
        await _gate.WaitAsync();
        try
        {
            scopes = _byConnection.TryGetValue(connectionId, out var mine) ? [.. mine] : [];
        }
        finally
        {
            _gate.Release();
        }
        foreach (var scope in scopes)
        {
            if (LiveScope.TryParse(scope, out var parsed))
            {
                await UnsubscribeAsync(connectionId, parsed, null, CancellationToken.None);
            }
        }
        await _gate.WaitAsync();
        try
        {
            _byConnection.Remove(connectionId);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastHeartbeat = time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.PublishInterval, time, stoppingToken);
                await PublishAsync(stoppingToken);
                if (time.GetElapsedTime(lastHeartbeat) >= options.CurrentValue.HeartbeatInterval)
                {
                    await HeartbeatAsync(stoppingToken);
                    lastHeartbeat = time.GetTimestamp();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPublishFailed(e);
            }
        }
    }

    internal async Task PublishAsync(CancellationToken cancellationToken)
    {
        var outgoing = new List<LiveDelta>();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var dirty = state.TakeDirty();
            var changed = new List<UnitTile>();
            foreach (var unit in state.Units.ChildrenOf(state.Units.City.Code))
            {
                var tile = state.Tile(unit.Code, now);
                var signature = Signature(tile);
                if (dirty.Contains(unit.Code) || !_published.TryGetValue(unit.Code, out var last) || last != signature)
                {
                    if (_published.ContainsKey(unit.Code) || tile.State != SystemState.NoData)
                    {
                        changed.Add(tile);
                    }
                    _published[unit.Code] = signature;
                }
            }
            if (changed.Count == 0)
            {
                return;
            }
            foreach (var info in _scopes.Values)
            {
                var tiles = info.Scope == LiveScope.City ? changed : changed.Where(t => info.Covers(t.Unit)).ToList();
                if (tiles.Count > 0)
                {
                    info.Seq++;
                    outgoing.Add(new LiveDelta(info.Key, info.Seq, now, tiles));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
        foreach (var delta in outgoing)
        {
            await hub.Clients.Group(delta.Scope).Delta(delta);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        List<LiveHeartbeat> beats;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            beats = _scopes.Values.Select(s => new LiveHeartbeat(s.Key, s.Seq, now)).ToList();
        }
        finally
        {
            _gate.Release();
        }
        foreach (var beat in beats)
        {
            await hub.Clients.Group(beat.Scope).Heartbeat(beat);
        }
    }

    private IReadOnlyList<UnitTile> TilesOf(LiveScope scope, DateTimeOffset now) =>
        scope == LiveScope.City ? state.CityTiles(now) : [state.Tile(scope.Id!, now)];

    private static string Signature(UnitTile tile) =>
        string.Join('|', tile.Systems.Select(s => $"{s.System}:{(int)s.State}"));

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Error, "Publishing live deltas failed")]
    private partial void LogPublishFailed(Exception exception);

    private sealed class ScopeInfo(LiveScope scope)
    {
        public LiveScope Scope { get; } = scope;

        public string Key { get; } = scope.ToString();

        public long Seq { get; set; }

        public int Subscribers { get; set; }

        public bool Covers(string unit) => Scope.Kind == "unit" && Scope.Id == unit;
    }
}
