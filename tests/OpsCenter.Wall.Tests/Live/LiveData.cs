using OpsCenter.Contracts.Live;
using OpsCenter.Domain.Health;

namespace OpsCenter.Wall.Tests.Live;

/// <summary>Tiles, deltas and changes as the aggregator sends them, built short.</summary>
public static class LiveData
{
    /// <summary>A fixed instant: every test's time is an input (never the machine's clock).</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    public const string Ward = "26740"; // Phường Sài Gòn

    public static UnitTile Tile(string unit, SystemState state = SystemState.Up, DateTimeOffset? lastSample = null, UnitKpis? kpis = null,
        params SystemTile[] systems) =>
        new(unit, state, new Dictionary<SystemState, int> { [state] = Math.Max(1, systems.Length) }, lastSample, systems, kpis);

    public static SystemTile SystemOf(string code, SystemState state, DateTimeOffset at) => new(code, state, null, 90, at, at);

    public static KpiFigures Figures(int toHandle, int late, double? onTime, DateTimeOffset at) =>
        new(at.AddDays(-1), at, toHandle, late, 0, 10, 1, late == 0 ? 0 : 0.25, onTime, 2, 0.5, "test");

    public static UnitKpis Kpis(DateTimeOffset at, KpiFigures? today = null, KpiFigures? month = null, decimal? official766 = null) =>
        new(today, month, official766 is { } v ? new IndexScore("qd766", "2026-W48", v, 100, at) : null, null, at);

    public static LiveSnapshot Snapshot(long seq, params UnitTile[] units) => new("city", seq, Start, units);

    public static LiveDelta Delta(long seq, params UnitTile[] units) => new("city", seq, Start, units);

    public static LiveChange Change(long id, string unit, DateTimeOffset at, string vi, string en) =>
        new(id, at, unit, ChangeKinds.SystemDown, "one-stop", "up", "down", vi, en);
}
