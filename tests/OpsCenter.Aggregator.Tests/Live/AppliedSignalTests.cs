using OpsCenter.Aggregator.Live;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Live;

/// <summary>
/// The publisher sends a change as soon as it is applied (leading edge) by waiting on
/// <see cref="LiveState.Applied"/>; it must complete for events applied after a reset, and only then.
/// </summary>
public class AppliedSignalTests
{
    [Fact]
    public void Applied_CompletesWhenEventsAreApplied_AndAgainOnlyForEventsAfterTheReset()
    {
        var state = SnapshotTests.NewState(out _);
        var events = MixedLog.Events(Start);
        Assert.False(state.Applied.IsCompleted);

        state.Apply(events.Take(5).ToList());
        Assert.True(state.Applied.IsCompleted);

        state.ResetApplied();
        var next = state.Applied;
        Assert.False(next.IsCompleted);
        state.Apply([]);
        Assert.False(next.IsCompleted);
        state.Apply(events.Skip(5).Take(5).ToList());
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public void ResetApplied_KeepsAWaitNotYetCompleted()
    {
        var state = SnapshotTests.NewState(out _);
        var waiting = state.Applied;

        // A reset with nothing applied must not orphan a waiter: the same wait completes on the next events.
        state.ResetApplied();
        Assert.Same(waiting, state.Applied);
        state.Apply(MixedLog.Events(Start).Take(1).ToList());
        Assert.True(waiting.IsCompleted);
    }
}
