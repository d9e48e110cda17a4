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
/// city scope that every circuit reads (<see cref="MirrorState"/>, under one lock) and notifies its
/// subscribers after each update, outside the lock. It connects and resubscribes forever; a gap in
/// the delta sequence triggers a fresh snapshot.
/// </summary>
public sealed partial class LiveMirror : ILiveMirror, IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly MirrorState _state = new();
    private readonly Subscribers _subscribers;
    private readonly HubConnection _connection;
    private readonly ForeverRetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveMirror> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private Task _connectLoop = Task.CompletedTask;

    public LiveMirror(IOptions<LiveMirrorOptions> options, TimeProvider time, ILogger<LiveMirror> logger)
    {
        _time = time;
        _logger = logger;
        _subscribers = new Subscribers(time, Subscribers.DefaultThrottle);
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

    public LinkState Link => Read(s => s.Link);

    public DateTimeOffset? LastMessageAt => Read(s => s.LastMessageAt);

    public DateTimeOffset? DownSince => Read(s => s.DownSince);

    public bool HasData => Read(s => s.HasData);

    public IReadOnlyList<LiveChange> RecentChanges => Read(s => s.Changes);

    public UnitTile? Tile(string unit) => Read(s => s.Tile(unit));

    public Subscription Subscribe(Func<Task> callback) => _subscribers.Subscribe(callback);

    private T Read<T>(Func<MirrorState, T> read)
    {
        lock (_lock)
        {
            return read(_state);
        }
    }

    /// <summary>Changes the state under the lock, then notifies the subscribers outside it.</summary>
    private T Update<T>(Func<MirrorState, T> update)
    {
        T result;
        lock (_lock)
        {
            result = update(_state);
        }
        _subscribers.Notify();
        return result;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SetLink(LinkState.Connecting);
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
        var complete = false;
        while (!complete)
        {
            await _subscribing.WaitAsync(_stopping.Token);
            try
            {
                lock (_lock)
                {
                    _state.BeginSnapshot();
                }
                var snapshot = await _connection.InvokeAsync<LiveSnapshot>(LiveHub.Subscribe, LiveScope.City.ToString(), _stopping.Token);
                // Deltas that raced the snapshot are applied in order; a gap among them takes another snapshot.
                complete = Update(s => s.ApplySnapshot(snapshot, _time.GetUtcNow()));
                LogSubscribed(snapshot.Units.Count, snapshot.Seq);
            }
            finally
            {
                _subscribing.Release();
            }
        }
    }

    internal void OnDelta(LiveDelta delta)
    {
        if (Update(s => s.ApplyDelta(delta, _time.GetUtcNow())) == DeltaOutcome.Gap)
        {
            LogGap(delta.Seq);
            _ = ResubscribeAsync();
        }
    }

    internal void OnHeartbeat(LiveHeartbeat heartbeat)
    {
        if (Update(s => s.ApplyHeartbeat(heartbeat, _time.GetUtcNow())))
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

    private void SetLink(LinkState state) => Update(s =>
    {
        s.SetLink(state, _time.GetUtcNow());
        return 0;
    });

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
internal sealed class LiveMirrorHealthCheck(ILiveMirror mirror) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(mirror.Link == LinkState.Live
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Degraded($"Live link is {mirror.Link}."));
}
