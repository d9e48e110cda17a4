using OpsCenter.Contracts.Query;
using OpsCenter.Storage.Admin;

namespace OpsCenter.Aggregator.Health;

/// <summary>
/// The maintenance windows as last read from the store (the tailer re-reads them like sources).
/// Replaced whole on each refresh, so readers never see a half-updated list.
/// </summary>
public sealed class MaintenanceBook
{
    private volatile IReadOnlyList<MaintenanceWindow> _windows = [];

    public IReadOnlyList<MaintenanceWindow> All => _windows;

    public void Replace(IReadOnlyList<MaintenanceWindow> windows) => _windows = windows;

    /// <summary>Windows that cover a system (a window without a system covers every system of its unit) and overlap [from, to).</summary>
    public IReadOnlyList<MaintenanceWindow> For(string unit, string system, DateTimeOffset from, DateTimeOffset to) =>
        [.. _windows.Where(w => w.Unit == unit && (w.System is null || w.System == system) && w.StartsAt < to && w.EndsAt > from)];

    public bool IsActive(string unit, string system, DateTimeOffset now) => For(unit, system, now, now.AddTicks(1)).Count > 0;
}
