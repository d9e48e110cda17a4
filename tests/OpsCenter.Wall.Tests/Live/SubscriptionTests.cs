using Microsoft.Extensions.Time.Testing;
using OpsCenter.Wall.Live;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>
/// A subscription calls back on its own task, at most once per throttle, never twice at once, and not
/// after it is disposed. Time is a <see cref="FakeTimeProvider"/>: the throttle passes when the test says so.
/// </summary>
public sealed class SubscriptionTests
{
    private static readonly TimeSpan Throttle = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new(LiveData.Start);

    [Fact]
    public async Task Notify_CallsBackAtOnce()
    {
        var subscribers = new Subscribers(_time, Throttle);
        var calls = 0;
        using var subscription = subscribers.Subscribe(() =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });

        subscribers.Notify();
        await subscription.WhenIdle;

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ABurst_WithinTheThrottle_IsOneMoreCall_WhenTheThrottleHasPassed()
    {
        var subscribers = new Subscribers(_time, Throttle);
        List<DateTimeOffset> calledAt = [];
        using var subscription = subscribers.Subscribe(() =>
        {
            lock (calledAt)
            {
                calledAt.Add(_time.GetUtcNow());
            }
            return Task.CompletedTask;
        });
        subscribers.Notify();
        await subscription.WhenIdle;

        for (var i = 0; i < 50; i++)
        {
            subscribers.Notify();
        }
        _time.Advance(Throttle / 2);
        Assert.Single(calledAt);
        _time.Advance(Throttle / 2);
        await subscription.WhenIdle;

        Assert.Equal([LiveData.Start, LiveData.Start + Throttle], calledAt);
    }

    [Fact]
    public async Task Callbacks_NeverRunConcurrently_EvenWhenNotifiedFromManyThreads()
    {
        var subscribers = new Subscribers(TimeProvider.System, TimeSpan.Zero);
        var inside = 0;
        var most = 0;
        var calls = 0;
        using var subscription = subscribers.Subscribe(async () =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Thread.SpinWait(10_000);
            Interlocked.Decrement(ref inside);
            Interlocked.Increment(ref calls);
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                subscribers.Notify();
            }
        }, TestContext.Current.CancellationToken)));
        await Eventually.TrueAsync(() => subscription.WhenIdle.IsCompleted && Volatile.Read(ref calls) > 0);

        Assert.Equal(1, most);
        Assert.InRange(calls, 1, 1600);
    }

    [Fact]
    public async Task Dispose_StopsACallThatWasWaitingForTheThrottle_AndAnyLater()
    {
        var subscribers = new Subscribers(_time, Throttle);
        var calls = 0;
        var subscription = subscribers.Subscribe(() =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });
        subscribers.Notify();
        await subscription.WhenIdle;
        subscribers.Notify();

        subscription.Dispose();
        _time.Advance(Throttle);
        await subscription.WhenIdle;
        subscribers.Notify();
        await subscription.WhenIdle;

        Assert.Equal(1, calls);
        Assert.Equal(0, subscribers.Count);
    }

    [Fact]
    public async Task AFailingCallback_DoesNotStopTheNextCalls_NorTheOtherSubscribers()
    {
        var subscribers = new Subscribers(_time, TimeSpan.Zero);
        var failing = 0;
        var other = 0;
        using var bad = subscribers.Subscribe(() =>
        {
            Interlocked.Increment(ref failing);
            throw new ObjectDisposedException("circuit");
        });
        using var good = subscribers.Subscribe(() =>
        {
            Interlocked.Increment(ref other);
            return Task.CompletedTask;
        });

        subscribers.Notify();
        await Task.WhenAll(bad.WhenIdle, good.WhenIdle);
        subscribers.Notify();
        await Task.WhenAll(bad.WhenIdle, good.WhenIdle);

        Assert.Equal(2, failing);
        Assert.Equal(2, other);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
