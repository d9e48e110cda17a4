using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;
using OpsCenter.Wall.Live;
using static OpsCenter.Wall.Tests.Live.LiveData;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>The mirror's sequence rules without a hub: snapshot, deltas in order, gaps, late and early messages, heartbeats.</summary>
public sealed class MirrorStateTests
{
    private readonly MirrorState _state = new();

    private MirrorState Subscribed(long seq, params UnitTile[] units)
    {
        _state.BeginSnapshot();
        Assert.True(_state.ApplySnapshot(Snapshot(seq, units), Start));
        return _state;
    }

    [Fact]
    public void New_IsConnecting_WithNoData()
    {
        Assert.Equal(LinkState.Connecting, _state.Link);
        Assert.False(_state.HasData);
        Assert.Null(_state.LastMessageAt);
        Assert.Null(_state.Tile(Ward));
    }

    [Fact]
    public void Snapshot_ReplacesEveryTile_AndMarksTheLinkLive()
    {
        var state = Subscribed(10, Tile("26743", SystemState.Down));
        state.BeginSnapshot();
        Assert.True(state.ApplySnapshot(Snapshot(20, Tile(Ward, SystemState.Up)), Start.AddSeconds(1)));

        Assert.Equal(20, state.Seq);
        Assert.Null(state.Tile("26743"));
        Assert.Equal(SystemState.Up, state.Tile(Ward)!.State);
        Assert.Equal(LinkState.Live, state.Link);
        Assert.Equal(Start.AddSeconds(1), state.LastMessageAt);
        Assert.Null(state.DownSince);
    }

    [Fact]
    public void Delta_NextInSequence_ReplacesItsUnitsTiles()
    {
        var state = Subscribed(10, Tile(Ward, SystemState.Up), Tile("26743", SystemState.Up));

        Assert.Equal(DeltaOutcome.Applied, state.ApplyDelta(Delta(11, Tile(Ward, SystemState.Down)), Start));

        Assert.Equal(11, state.Seq);
        Assert.Equal(SystemState.Down, state.Tile(Ward)!.State);
        Assert.Equal(SystemState.Up, state.Tile("26743")!.State);
    }

    [Fact]
    public void Delta_AfterAGap_NeedsASnapshot_AndChangesNothing()
    {
        var state = Subscribed(10, Tile(Ward, SystemState.Up));

        Assert.Equal(DeltaOutcome.Gap, state.ApplyDelta(Delta(12, Tile(Ward, SystemState.Down)), Start));

        Assert.Equal(10, state.Seq);
        Assert.Equal(SystemState.Up, state.Tile(Ward)!.State);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(7)]
    public void Delta_OldOrRepeated_IsIgnored(long seq)
    {
        var state = Subscribed(10, Tile(Ward, SystemState.Up));

        Assert.Equal(DeltaOutcome.Ignored, state.ApplyDelta(Delta(seq, Tile(Ward, SystemState.Down)), Start));

        Assert.Equal(SystemState.Up, state.Tile(Ward)!.State);
    }

    [Fact]
    public void DeltasDuringASnapshot_OutOfOrder_AreAppliedInOrderAfterIt_AndOlderOnesDropped()
    {
        _state.BeginSnapshot();
        Assert.Equal(DeltaOutcome.Buffered, _state.ApplyDelta(Delta(12, Tile(Ward, SystemState.Down)), Start));
        Assert.Equal(DeltaOutcome.Buffered, _state.ApplyDelta(Delta(9, Tile(Ward, SystemState.Silent)), Start));
        Assert.Equal(DeltaOutcome.Buffered, _state.ApplyDelta(Delta(11, Tile(Ward, SystemState.Degraded), Tile("26743", SystemState.Up)), Start));

        Assert.True(_state.ApplySnapshot(Snapshot(10, Tile(Ward, SystemState.Up)), Start));

        Assert.Equal(12, _state.Seq);
        Assert.Equal(SystemState.Down, _state.Tile(Ward)!.State);
        Assert.Equal(SystemState.Up, _state.Tile("26743")!.State);
    }

    [Fact]
    public void DeltasDuringASnapshot_WithAGap_NeedAnotherSnapshot()
    {
        _state.BeginSnapshot();
        _state.ApplyDelta(Delta(13, Tile(Ward, SystemState.Down)), Start);

        Assert.False(_state.ApplySnapshot(Snapshot(10, Tile(Ward, SystemState.Up)), Start));

        Assert.False(_state.HasSnapshot);
        Assert.Equal(DeltaOutcome.Buffered, _state.ApplyDelta(Delta(14, Tile(Ward, SystemState.Down)), Start));
        _state.BeginSnapshot();
        Assert.True(_state.ApplySnapshot(Snapshot(14, Tile(Ward, SystemState.Down)), Start));
        Assert.Equal(DeltaOutcome.Applied, _state.ApplyDelta(Delta(15, Tile(Ward, SystemState.Up)), Start));
    }

    [Fact]
    public void Heartbeat_AheadOfTheSequence_SaysDeltasWereMissed()
    {
        var state = Subscribed(10, Tile(Ward));

        Assert.False(state.ApplyHeartbeat(new LiveHeartbeat("city", 10, Start), Start.AddSeconds(5)));
        Assert.True(state.ApplyHeartbeat(new LiveHeartbeat("city", 11, Start), Start.AddSeconds(10)));
        Assert.Equal(Start.AddSeconds(10), state.LastMessageAt);
    }

    [Fact]
    public void Heartbeat_WhileASnapshotIsOnItsWay_DoesNotAskForAnother()
    {
        _state.BeginSnapshot();

        Assert.False(_state.ApplyHeartbeat(new LiveHeartbeat("city", 50, Start), Start));
    }

    [Fact]
    public void LinkDown_StartsTheOutageOnce_AndAnyMessageEndsIt()
    {
        var state = Subscribed(10, Tile(Ward));

        state.SetLink(LinkState.Reconnecting, Start.AddSeconds(5));
        state.SetLink(LinkState.Reconnecting, Start.AddSeconds(9));
        Assert.Equal(LinkState.Reconnecting, state.Link);
        Assert.Equal(Start.AddSeconds(5), state.DownSince);
        Assert.True(state.HasData);

        state.ApplyHeartbeat(new LiveHeartbeat("city", 10, Start), Start.AddSeconds(30));
        Assert.Equal(LinkState.Live, state.Link);
        Assert.Null(state.DownSince);
        Assert.Equal(Start.AddSeconds(30), state.LastMessageAt);
    }

    [Fact]
    public void Changes_TheDeltasCarried_AreKeptNewestFirst_UpTo100()
    {
        var state = Subscribed(0);
        for (var i = 1; i <= 120; i++)
        {
            state.ApplyDelta(Delta(i, Tile(Ward)) with { Changes = [Change(i, Ward, Start.AddSeconds(i), $"thay đổi {i}", $"change {i}")] }, Start);
        }

        Assert.Equal(MirrorState.ChangesKept, state.Changes.Count);
        Assert.Equal(120, state.Changes[0].Id);
        Assert.Equal(21, state.Changes[^1].Id);
    }
}
