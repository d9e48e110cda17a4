using System.Text.Json;
using OpsCenter.Aggregator.Embed;
using OpsCenter.Aggregator.Live;
using OpsCenter.Contracts;
using OpsCenter.Contracts.Ingest;
using OpsCenter.Domain.Health;
using OpsCenter.Domain.Units;
using OpsCenter.Storage.Events;
using OpsCenter.Aggregator.Tests.Live;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Embed;

/// <summary>
/// Badge and status answers are built once per unit and kept until the unit's tile is published
/// as changed (or a few seconds): never an answer older than the change a viewer could see.
/// </summary>
public class EmbedStatusCacheTests
{
    private const string Ward = "26740";
    private long _position;

    private StoredEvent Health(HealthStatus status, DateTimeOffset at)
    {
        var sample = new HealthSample { Unit = Ward, System = "civil-status", Status = status, CheckedAt = at };
        return new StoredEvent(++_position, DataKinds.Health, Ward, "test", at, at, JsonSerializer.Serialize(sample, WireJson.Options));
    }

    [Fact]
    public void AnAnswer_IsKeptUntilItsUnitIsPublishedAsChanged_ThenBuiltFromTheNewState()
    {
        var state = SnapshotTests.NewState(out var clock);
        var cache = new EmbedStatusCache(state, UnitCatalog.LoadHcmc(), clock);
        state.Apply([Health(HealthStatus.Up, Start)]);

        var first = cache.Get(Ward);
        Assert.Equal("up", first.Status.State);
        Assert.Same(first, cache.Get(Ward));
        Assert.Same(first.Json, cache.Get(Ward).Json);
        Assert.Equal(first.Badge("status", vi: true), cache.Get(Ward).Badge("status", vi: true));

        // Applied but not yet published: the widgets' live stream has not shown it either.
        state.Apply([Health(HealthStatus.Down, Start.AddSeconds(1))]);
        Assert.Same(first, cache.Get(Ward));

        cache.Changed(Ward);
        var second = cache.Get(Ward);
        Assert.Equal("down", second.Status.State);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Contains("ngừng", second.Badge("status", vi: true).Svg, StringComparison.Ordinal);
        Assert.Contains("down", second.Badge("status", vi: false).Svg, StringComparison.Ordinal);
        Assert.Equal("down", JsonDocument.Parse(second.Json).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public void AnotherUnitsChange_KeepsTheAnswer_AndAFewSecondsRenewIt_WithTheSameETag()
    {
        var state = SnapshotTests.NewState(out var clock);
        var cache = new EmbedStatusCache(state, UnitCatalog.LoadHcmc(), clock);
        state.Apply([Health(HealthStatus.Up, Start)]);
        var first = cache.Get(Ward);

        cache.Changed("26743");
        Assert.Same(first, cache.Get(Ward));

        clock.Advance(EmbedStatusCache.KeptAtMost);
        var renewed = cache.Get(Ward);
        Assert.NotSame(first, renewed);
        Assert.True(renewed.Status.GeneratedAt > first.Status.GeneratedAt);
        // The same data built later is the same answer for caches (generatedAt is not in the ETag).
        Assert.Equal(first.ETag, renewed.ETag);
    }

    [Fact]
    public void ThePublisherRound_DropsTheChangedUnitsAnswers()
    {
        var state = SnapshotTests.NewState(out var clock);
        var cache = new EmbedStatusCache(state, UnitCatalog.LoadHcmc(), clock);
        var broadcaster = new EmbedBroadcaster(UnitCatalog.LoadHcmc(), cache);
        state.Apply([Health(HealthStatus.Up, Start)]);
        var first = cache.Get(Ward);

        state.Apply([Health(HealthStatus.Down, Start.AddSeconds(1))]);
        broadcaster.Publish([state.Tile(Ward, clock.GetUtcNow())], clock.GetUtcNow());

        Assert.Equal("down", cache.Get(Ward).Status.State);
        Assert.NotSame(first, cache.Get(Ward));
    }

    [Fact]
    public void AWatchedUnitsChange_IsBuiltOnce_ForTheStreamAndTheNextRequests()
    {
        var state = SnapshotTests.NewState(out var clock);
        var cache = new EmbedStatusCache(state, UnitCatalog.LoadHcmc(), clock);
        var broadcaster = new EmbedBroadcaster(UnitCatalog.LoadHcmc(), cache);
        using var viewer = broadcaster.Subscribe(Ward, "token", null);
        state.Apply([Health(HealthStatus.Down, Start)]);

        broadcaster.Publish([state.Tile(Ward, clock.GetUtcNow())], clock.GetUtcNow());

        Assert.True(viewer.Queue.Reader.TryRead(out var frame));
        var answer = cache.Get(Ward);
        Assert.Equal("down", answer.Status.State);
        Assert.Equal(answer.Frame.ToArray(), frame.ToArray());
        Assert.Equal($"event: status\ndata: {System.Text.Encoding.UTF8.GetString(answer.Json)}\n\n", System.Text.Encoding.UTF8.GetString(frame.Span));
    }
}
