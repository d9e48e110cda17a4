using OpsCenter.Aggregator.Live;
using OpsCenter.Aggregator.Tests.Live;
using OpsCenter.Contracts.Alerts;
using OpsCenter.Domain.Units;
using static OpsCenter.Aggregator.Tests.FakeClockApp;

namespace OpsCenter.Aggregator.Tests.Alerts;

/// <summary>The log's alert events folded into alerts with their timelines, kept in the live snapshot.</summary>
public class AlertBookTests
{
    private const string Key = "system-down|civil-status|20260310T015500Z";

    [Fact]
    public void FullLife_FiredToResolved_FoldsStateAndTimeline()
    {
        var state = SnapshotTests.NewState(out _);
        var log = Life();
        state.Apply(log.Events);

        var alert = state.Alerts.Find(Key);
        Assert.NotNull(alert);
        Assert.Equal(AlertStates.Resolved, alert.State);
        Assert.Equal(["26740", "26743"], alert.Units);
        Assert.Equal((Start.AddMinutes(3), "an"), (alert.AcknowledgedAt!.Value, alert.AcknowledgedBy));
        Assert.Equal("binh", alert.Assignee);
        Assert.Equal((Start.AddMinutes(30), "binh", AlertResolvedEvent.ReasonManual), (alert.ResolvedAt!.Value, alert.ResolvedBy, alert.ResolvedReason));
        Assert.Equal(log.Events[^1].Position, alert.Position);
        Assert.Equal(
            ["fired", "updated", "acknowledged", "assigned", "noted", "resolved"],
            alert.Timeline!.Select(t => t.Kind));
        Assert.Equal(
            [(Start, null, "26740"), (Start.AddMinutes(1), null, "26740, 26743"), (Start.AddMinutes(3), "an", "on it"),
                (Start.AddMinutes(4), "an", "binh"), (Start.AddMinutes(10), "binh", "server room flooded"), (Start.AddMinutes(30), "binh", "manual: fixed")],
            alert.Timeline!.Select(t => (t.At, t.By, t.Text)));
        Assert.Equal(0, state.Alerts.Open);
        Assert.Equal(0, state.Quarantine.Count);
    }

    [Fact]
    public void UnknownKeyAndSecondFired_ChangeNothing()
    {
        var state = SnapshotTests.NewState(out _);
        var log = new AlertLog();
        log.Fired(Key, Start, "26740");
        log.Fired(Key, Start.AddMinutes(2), "26743");
        log.Alert(AlertKinds.Acknowledged, new AlertAcknowledgedEvent("no-such|alert|x", "an", Start.AddMinutes(3), AlertAcknowledgedEvent.ViaConsole), Start.AddMinutes(3));
        log.Alert(AlertKinds.Resolved, new AlertResolvedEvent("no-such|alert|x", AlertResolvedEvent.ReasonCleared, Start.AddMinutes(4)), Start.AddMinutes(4));
        state.Apply(log.Events);

        var alert = Assert.Single(state.Alerts.All());
        Assert.Equal((AlertStates.Firing, Start), (alert.State, alert.FiredAt));
        Assert.Equal(["26740"], alert.Units);
        Assert.Single(alert.Timeline!);
        Assert.Equal((1, 1), (state.Alerts.Open, state.Alerts.Unacknowledged));
    }

    [Fact]
    public void UnreadableAlertEvent_IsQuarantined_AndTheRestApplies()
    {
        var state = SnapshotTests.NewState(out _);
        var log = new AlertLog();
        log.Alert(AlertKinds.Fired, new { key = "", at = Start }, Start);
        log.Fired(Key, Start, "26740");
        state.Apply(log.Events);

        Assert.Equal(1, state.Quarantine.Count);
        Assert.NotNull(state.Alerts.Find(Key));
    }

    [Fact]
    public void Resolved_IsKept35Days_ThenPruned()
    {
        var state = SnapshotTests.NewState(out _);
        state.Apply(Life().Events);
        var resolvedAt = Start.AddMinutes(30);

        state.AdvanceClock(resolvedAt.AddDays(35).AddMinutes(-1));
        Assert.NotNull(state.Alerts.Find(Key));
        state.AdvanceClock(resolvedAt.AddDays(35).AddMinutes(1));
        Assert.Null(state.Alerts.Find(Key));
    }

    [Fact]
    public void Snapshot_RoundTrip_KeepsTheBook()
    {
        var units = UnitCatalog.LoadHcmc();
        var catalog = LiveSnapshotFile.FingerprintOf(units);
        var state = SnapshotTests.NewState(out _);
        var log = Life();
        log.Fired("source-silent|test|20260310T020000Z", Start.AddMinutes(40), "26743");
        state.Apply(log.Events);

        using var stream = new MemoryStream();
        LiveSnapshotFile.Write(stream, state.Export(), catalog, Start);
        var (image, _, problem) = LiveSnapshotFile.Read(stream.ToArray(), catalog);
        Assert.Null(problem);
        var restored = SnapshotTests.NewState(out _);
        restored.Import(image!);

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(state.Alerts.All().OrderBy(a => a.Key)),
            System.Text.Json.JsonSerializer.Serialize(restored.Alerts.All().OrderBy(a => a.Key)));
        Assert.Equal((1, 1), (restored.Alerts.Open, restored.Alerts.Unacknowledged));
    }

    [Fact]
    public void SnapshotOfFormat2_WithoutABook_StillLoads_WithAnEmptyBook()
    {
        var units = UnitCatalog.LoadHcmc();
        var catalog = LiveSnapshotFile.FingerprintOf(units);
        var parts = SnapshotTests.NewParts(out _);
        var state = parts.State;
        var log = Life();
        log.Health("26740", "civil-status", Domain.Health.HealthStatus.Up, Start);
        state.Apply(log.Events);

        // Format 2 had no alert book: its JSON part has no such member (read as null, as written here).
        using var stream = new MemoryStream();
        LiveSnapshotFile.Write(stream, state.Export() with { Alerts = null! }, catalog, Start);
        var bytes = stream.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 2);
        var (image, _, problem) = LiveSnapshotFile.Read(bytes, catalog);

        Assert.Null(problem);
        var restored = SnapshotTests.NewParts(out _);
        restored.State.Import(image!);
        Assert.Empty(restored.State.Alerts.All());
        Assert.Equal(state.Position, restored.State.Position);
        Assert.Equal(SnapshotTests.View(parts, Start), SnapshotTests.View(restored, Start));
    }

    private static AlertLog Life()
    {
        var log = new AlertLog();
        log.Fired(Key, Start, "26740");
        log.Alert(AlertKinds.Updated, new AlertUpdatedEvent(Key, ["26740", "26743"], Start.AddMinutes(1)), Start.AddMinutes(1));
        log.Alert(AlertKinds.Acknowledged, new AlertAcknowledgedEvent(Key, "an", Start.AddMinutes(3), AlertAcknowledgedEvent.ViaEmail, "on it"), Start.AddMinutes(3));
        log.Alert(AlertKinds.Acknowledged, new AlertAcknowledgedEvent(Key, "binh", Start.AddMinutes(3.5), AlertAcknowledgedEvent.ViaConsole), Start.AddMinutes(3.5));
        log.Alert(AlertKinds.Assigned, new AlertAssignedEvent(Key, "an", "binh", Start.AddMinutes(4)), Start.AddMinutes(4));
        log.Alert(AlertKinds.Noted, new AlertNotedEvent(Key, "binh", "server room flooded", Start.AddMinutes(10)), Start.AddMinutes(10));
        log.Alert(AlertKinds.Resolved, new AlertResolvedEvent(Key, AlertResolvedEvent.ReasonManual, Start.AddMinutes(30), "binh", "fixed"), Start.AddMinutes(30));
        return log;
    }
}
