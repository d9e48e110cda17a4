using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Wall.Live;
using static OpsCenter.Wall.Tests.Live.LiveData;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>
/// The mirror itself, fed as its hub connection feeds it (never started: no aggregator): subscribers hear of
/// every message outside the mirror's lock, so a callback may read the mirror, and the hub's thread is never
/// held up by a slow screen.
/// </summary>
public sealed class LiveMirrorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(Start);
    private LiveMirror _mirror = default!;

    public ValueTask InitializeAsync()
    {
        _mirror = new LiveMirror(Options.Create(new LiveMirrorOptions { AggregatorUrl = "http://127.0.0.1:9", ServiceKey = "k" }),
            _time, NullLogger<LiveMirror>.Instance);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _mirror.DisposeAsync();

    [Fact]
    public async Task ACallbackThatReadsTheMirror_WhileTheHubDeliversMore_NeitherWaits()
    {
        var inCallback = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        LinkState? seen = null;
        using var subscription = _mirror.Subscribe(async () =>
        {
            seen = _mirror.Link;
            _ = _mirror.Tile(Ward);
            inCallback.TrySetResult();
            await release.Task;
        });

        _mirror.OnHeartbeat(new LiveHeartbeat("city", 0, Start));
        await inCallback.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        // The callback is still running: the hub's thread delivers and reads without waiting for it.
        await Task.Run(() =>
        {
            _mirror.OnDelta(Delta(1, Tile(Ward, SystemState.Down)));
            _mirror.OnHeartbeat(new LiveHeartbeat("city", 0, Start));
            _ = _mirror.HasData;
        }, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        release.SetResult();

        Assert.Equal(LinkState.Live, seen);
    }

    [Fact]
    public void AMessage_MarksTheLinkLive_AtTheInjectedTime()
    {
        _time.Advance(TimeSpan.FromSeconds(3));

        _mirror.OnHeartbeat(new LiveHeartbeat("city", 0, Start));

        Assert.Equal(LinkState.Live, _mirror.Link);
        Assert.Equal(Start.AddSeconds(3), _mirror.LastMessageAt);
        Assert.Null(_mirror.DownSince);
    }

    [Fact]
    public async Task ManyMessagesFromManyThreads_LeaveAConsistentLink()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                _mirror.OnHeartbeat(new LiveHeartbeat("city", 0, Start));
                _ = (_mirror.Link, _mirror.DownSince, _mirror.LastMessageAt);
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(LinkState.Live, _mirror.Link);
        Assert.Null(_mirror.DownSince);
        Assert.Equal(Start, _mirror.LastMessageAt);
    }
}
