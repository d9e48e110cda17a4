namespace OpsCenter.Wall.Live;

/// <summary>
/// One reader's interest in a live source (the mirror, a feed, the layouts), after Aspire.Dashboard's
/// <c>Subscription</c>. The source only says "something changed"; the callback runs on its own task,
/// never under the source's lock, never twice at once, and at most once per <see cref="Throttle"/>:
/// a burst of changes while it waits or runs becomes one more call that reads the newest state.
/// Disposing stops further calls (one already running finishes).
/// </summary>
public sealed class Subscription : IDisposable
{
    private readonly Func<Task> _callback;
    private readonly TimeProvider _time;
    private readonly Action<Subscription> _remove;
    private readonly Lock _lock = new();
    private DateTimeOffset _lastRun = DateTimeOffset.MinValue;
    private Task _runner = Task.CompletedTask;
    private bool _running;
    private bool _dirty;
    private bool _disposed;

    internal Subscription(Func<Task> callback, TimeSpan throttle, TimeProvider time, Action<Subscription> remove)
    {
        _callback = callback;
        Throttle = throttle;
        _time = time;
        _remove = remove;
    }

    public TimeSpan Throttle { get; }

    /// <summary>Marks the source changed: the callback runs now, or once after the running call and the throttle.</summary>
    internal void Notify()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _dirty = true;
            if (_running)
            {
                return;
            }
            _running = true;
            _runner = Task.Run(RunAsync);
        }
    }

    /// <summary>Completes when no call is running or waiting (tests wait for it instead of for time).</summary>
    internal Task WhenIdle
    {
        get
        {
            lock (_lock)
            {
                return _runner;
            }
        }
    }

    private async Task RunAsync()
    {
        while (Take(consume: false))
        {
            var wait = _lastRun + Throttle - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time);
            }
            if (!Take(consume: true))
            {
                return;
            }
            _lastRun = _time.GetUtcNow();
            try
            {
                await _callback();
            }
#pragma warning disable CA1031 // A reader's failure (a closed circuit) must not end the source's notifications to the others.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    // Whether there is a change to call back for (and, when consuming, marks it taken). When there is
    // none, the runner ends in the same lock, so a change notified after this starts a new one.
    private bool Take(bool consume)
    {
        lock (_lock)
        {
            if (_disposed || !_dirty)
            {
                _running = false;
                return false;
            }
            _dirty = !consume;
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }
        _remove(this);
    }
}

/// <summary>The subscriptions of one source: what it hands out from <c>Subscribe</c> and notifies after each change.</summary>
public sealed class Subscribers(TimeProvider time, TimeSpan throttle)
{
    /// <summary>How often a screen re-renders at most for one source: a burst of deltas is one render.</summary>
    public static readonly TimeSpan DefaultThrottle = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscriptions = [];

    public Subscription Subscribe(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var subscription = new Subscription(callback, throttle, time, Remove);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }
        return subscription;
    }

    /// <summary>Call after the change, outside the source's lock (it only schedules the callbacks).</summary>
    public void Notify()
    {
        Subscription[] all;
        lock (_lock)
        {
            all = [.. _subscriptions];
        }
        foreach (var subscription in all)
        {
            subscription.Notify();
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }
}
