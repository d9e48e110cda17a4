using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OpsCenter.Aggregator.Changes;
using OpsCenter.Aggregator.Kpis;
using OpsCenter.Aggregator.Scopes;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;

namespace OpsCenter.Aggregator.Live;

/// <summary>
/// Turns live-state changes into numbered deltas per scope, at most one per scope per publish
/// interval, and sends heartbeats. The first change after a quiet interval goes out as soon as it
/// is applied (leading edge); changes within an interval of the last publish are coalesced into
/// the next one, an interval after it; with no change, a tick every interval advances the clock
/// (units going silent, dossiers turning late). A subscriber joins under the same gate that
/// numbers deltas, so its snapshot's sequence number and the deltas that follow line up exactly.
/// Deltas go to SignalR groups: each message is serialized once per protocol, not per client.
/// </summary>
internal sealed partial class LivePublisher(
    LiveState state,
    KpiState kpis,
    ChangeFeed changes,
    ScopeMembers scopes,
    IEnumerable<ITileSubscriber> subscribers,
    LogTailer tailer,
    IHubContext<LiveHubEndpoint, ILiveClient> hub,
    IOptionsMonitor<LiveOptions> options,
    TimeProvider time,
    ILogger<LivePublisher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ScopeInfo> _scopes = new(StringComparer.Ordinal);
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
                _scopes[key] = info = NewScope(scope);
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
        long? lastPublish = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var interval = options.CurrentValue.PublishInterval;
                await WaitForChangeAsync(interval, stoppingToken);
                if (lastPublish is { } last && interval - time.GetElapsedTime(last) is { Ticks: > 0 } spacing)
                {
                    await Task.Delay(spacing, time, stoppingToken);
                }
                // While the log present at start is replayed, every batch changes every unit: building
                // all tiles each interval then doubled the replay's work and contended for its locks
                // (profiled: as much time in TileKpis as in Apply). The first publish after the catch-up
                // sends every tile that has data; heartbeats go on meanwhile. Only a round that sent
                // something spaces the next one (a clock tick with no news does not).
                if (tailer.CaughtUp && await PublishAsync(stoppingToken))
                {
                    lastPublish = time.GetTimestamp();
                }
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

    private async Task WaitForChangeAsync(TimeSpan atMost, CancellationToken stoppingToken)
    {
        var applied = state.Applied;
        if (applied.IsCompleted)
        {
            return;
        }
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(atMost, time, tick.Token);
        await Task.WhenAny(applied, delay);
        await tick.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>Sends the changes since the last round; false when there were none.</summary>
    internal async Task<bool> PublishAsync(CancellationToken cancellationToken)
    {
        var outgoing = new List<LiveDelta>();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Before the changes are taken: whatever is applied from here on wakes the next round.
            state.ResetApplied();
            var now = time.GetUtcNow();
            // Dossiers turning nearly due or late with no event change their unit's figures now.
            kpis.AdvanceClock(now);
            // Units that stopped reporting enter the change feed with no event arriving.
            state.AdvanceClock(now);
            // Changes are taken before tiles are built, so a change never goes out before its tile.
            var news = changes.TakeUnpublished().ToList();
            var dirty = state.TakeDirty();
            var changed = new List<UnitTile>();
            var tiles = new Dictionary<string, UnitTile>(StringComparer.Ordinal);
            foreach (var unit in scopes.CityUnits)
            {
                var tile = state.Tile(unit.Code, now);
                tiles[unit.Code] = tile;
                Compare(tile, dirty.Contains(unit.Code), changed);
            }
            // The city's and the groups' rollup tiles, from the unit tiles just built.
            Compare(state.RollupTile(scopes.City, tiles.Values, now), false, changed);
            foreach (var group in scopes.Groups.Values)
            {
                Compare(state.RollupTile(group.Id, group.Units.Select(u => tiles.GetValueOrDefault(u)).OfType<UnitTile>(), now), false, changed);
            }
            if (changes.Live)
            {
                state.ObserveLate(tiles.Values, now, options.CurrentValue.LateJumpCount, options.CurrentValue.LateJumpShare);
                news.AddRange(changes.TakeUnpublished());
            }
            if (changed.Count == 0 && news.Count == 0)
            {
                return false;
            }
            // Others follow the same changes (the embedded widgets, serialized once per unit).
            foreach (var subscriber in subscribers)
            {
                subscriber.Publish(changed, now);
            }
            foreach (var info in _scopes.Values)
            {
                var scoped = changed.Where(t => info.Covers(t.Unit)).ToList();
                var scopedNews = news.Where(c => info.Covers(c.Unit)).ToList();
                if (scoped.Count > 0 || scopedNews.Count > 0)
                {
                    info.Seq++;
                    outgoing.Add(new LiveDelta(info.Key, info.Seq, now, scoped, scopedNews.Count > 0 ? scopedNews : null));
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
        return true;
    }

    // A tile goes out when its unit had events or what it shows changed; never-seen empty tiles stay quiet.
    private void Compare(UnitTile tile, bool dirty, List<UnitTile> changed)
    {
        var signature = Signature(tile);
        if (dirty || !_published.TryGetValue(tile.Unit, out var last) || last != signature)
        {
            if (_published.ContainsKey(tile.Unit) || tile.State != SystemState.NoData || tile.Kpis is not null)
            {
                changed.Add(tile);
            }
            _published[tile.Unit] = signature;
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

    private IReadOnlyList<UnitTile> TilesOf(LiveScope scope, DateTimeOffset now) => scope.Kind switch
    {
        LiveScopeKind.City => state.CityTiles(now),
        LiveScopeKind.Group => state.GroupTiles(scope.Id!, now),
        _ => [state.Tile(scope.Id!, now)],
    };

    private ScopeInfo NewScope(LiveScope scope) => new(scope, scope.Kind switch
    {
        LiveScopeKind.City => [.. scopes.MembersOf(scopes.City)],
        LiveScopeKind.Group => [.. scopes.MembersOf(scope.Id!), scope.Id!],
        _ => [scope.Id!],
    });

    // What a viewer sees: states and counts of systems, and the KPIs (records compare by value).
    private static string Signature(UnitTile tile) =>
        $"{(int)tile.State}|{string.Join(',', tile.StateCounts.OrderBy(c => c.Key).Select(c => $"{(int)c.Key}:{c.Value}"))}|"
        + $"{string.Join(',', tile.Systems.Select(s => $"{s.System}:{(int)s.State}"))}|{tile.Kpis}";

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(LogLevel.Error, "Publishing live deltas failed")]
    private partial void LogPublishFailed(Exception exception);

    private sealed class ScopeInfo(LiveScope scope, HashSet<string> members)
    {
        public LiveScope Scope { get; } = scope;

        public string Key { get; } = scope.ToString();

        public long Seq { get; set; }

        public int Subscribers { get; set; }

        /// <summary>The units whose tiles the scope shows, with its own rollup tile (79, a group id).</summary>
        public bool Covers(string unit) => members.Contains(unit);
    }
}
